<?php
/**
 * Loads the module's classes by PSR-4 without Magento. Only the plain PHP core (Model/*, Model/Outbox
 * ports and their test doubles) is loaded by these tests; Magento-bound classes are only linted.
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
