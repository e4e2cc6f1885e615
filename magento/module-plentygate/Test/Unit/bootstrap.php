<?php
/**
 * Loads the module's classes by PSR-4 without Magento. The plain PHP core (signer, payloads, outbox,
 * sender) needs nothing else; the observers, plugin, settings and flusher run against the stubs of the
 * few Magento types they touch (Stubs/magento.php). Classes that extend Magento framework classes
 * (controller, block, console commands, DbOutboxStore, CurlTransport) are only linted.
 */
declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'Plentygate\\Webhooks\\';
    if (str_starts_with($class, $prefix)) {
        $file = dirname(__DIR__, 2) . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

require __DIR__ . '/Stubs/magento.php';
