<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Api;

use Magento\Catalog\Api\Data\ProductAttributeMediaGalleryEntryInterface;

/**
 * Adds a product gallery image that Magento downloads itself (`POST /V1/plentygate/products/:sku/media`,
 * etc/webapi.xml). Magento's own `POST /V1/products/{sku}/media` takes the file only as base64 content
 * (its ImageContentValidator refuses anything else), so without this route every image travels through
 * the caller; with it, Magento fetches the file from its URL (e.g. PlentyONE's image storage).
 */
interface ProductMediaFromUrlInterface
{
    /**
     * Downloads the image and adds it as a gallery entry through Magento's gallery management, which
     * checks the content as for a base64 upload; answers the new entry id.
     *
     * @param string $sku
     * @param \Magento\Catalog\Api\Data\ProductAttributeMediaGalleryEntryInterface $entry label, position, disabled, types
     * @param string $url http(s) URL of the image file
     * @param string $name file name to store it under (e.g. plenty-12-345.jpg)
     * @return int
     * @throws \Magento\Framework\Exception\LocalizedException
     */
    public function create(string $sku, ProductAttributeMediaGalleryEntryInterface $entry, string $url, string $name): int;
}
