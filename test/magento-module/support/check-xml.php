<?php
/**
 * Checks every XML file of the Magento module: well-formed, and valid against the vendored Magento XSD
 * when there is one for it (see xsd/README.md). Prints one JSON line per file:
 * {"file": "etc/module.xml", "wellFormed": true, "schema": "module.xsd"|null, "errors": []}
 *
 * php check-xml.php <module dir> <xsd dir>
 */
declare(strict_types=1);

[, $moduleDir, $xsdDir] = $argv;
$schemas = [
    'etc/module.xml' => 'module.xsd',
    'etc/events.xml' => 'events.xsd',
    'etc/crontab.xml' => 'crontab.xsd',
    'etc/adminhtml/routes.xml' => 'routes.xsd',
];
libxml_use_internal_errors(true);
$files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($moduleDir, FilesystemIterator::SKIP_DOTS));
$found = [];
foreach ($files as $file) {
    if (str_ends_with($file->getPathname(), '.xml') || str_ends_with($file->getPathname(), '.xml.dist')) {
        $found[] = substr($file->getPathname(), strlen(rtrim($moduleDir, '/')) + 1);
    }
}
sort($found);
foreach ($found as $relative) {
    $doc = new DOMDocument();
    $wellFormed = $doc->load($moduleDir . '/' . $relative);
    $errors = array_map(fn ($e) => trim($e->message) . ' (line ' . $e->line . ')', libxml_get_errors());
    libxml_clear_errors();
    $schema = $schemas[$relative] ?? null;
    if ($wellFormed && $schema !== null) {
        if (!$doc->schemaValidate($xsdDir . '/' . $schema)) {
            $errors = array_map(fn ($e) => trim($e->message) . ' (line ' . $e->line . ')', libxml_get_errors());
        }
        libxml_clear_errors();
    }
    echo json_encode(['file' => $relative, 'wellFormed' => $wellFormed, 'schema' => $schema, 'errors' => $errors]), "\n";
}
