<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Test\Unit;

use Magento\Catalog\Api\Data\ProductAttributeMediaGalleryEntryInterface;
use Magento\Catalog\Api\ProductAttributeMediaGalleryManagementInterface;
use Magento\Framework\Api\Data\ImageContentInterfaceFactory;
use Magento\Framework\DataObject;
use Magento\Framework\Exception\InputException;
use Magento\Framework\HTTP\ClientInterface;
use PHPUnit\Framework\TestCase;
use Plentygate\Webhooks\Model\ProductMediaFromUrl;

/**
 * POST /V1/plentygate/products/:sku/media: the downloaded file reaches Magento's gallery management as
 * base64 content with its type and name; a download Magento cannot use is refused with the URL and the
 * reason, and nothing is added.
 */
final class ProductMediaFromUrlTest extends TestCase
{
    /** @var list<array{sku: string, content: DataObject}> */
    private array $added = [];
    /** @var list<string> */
    private array $fetched = [];

    private function media(int $status, string $body, array $headers): ProductMediaFromUrl
    {
        $test = $this;
        $http = new class ($status, $body, $headers, $test) implements ClientInterface {
            public function __construct(private int $status, private string $body, private array $headers, private ProductMediaFromUrlTest $test)
            {
            }

            public function setTimeout($value)
            {
            }

            public function get($uri)
            {
                $this->test->fetched($uri);
            }

            public function getStatus()
            {
                return $this->status;
            }

            public function getBody()
            {
                return $this->body;
            }

            public function getHeaders()
            {
                return $this->headers;
            }
        };
        $gallery = new class ($test) implements ProductAttributeMediaGalleryManagementInterface {
            public function __construct(private ProductMediaFromUrlTest $test)
            {
            }

            public function create($sku, ProductAttributeMediaGalleryEntryInterface $entry)
            {
                return $this->test->added($sku, $entry->getContent());
            }
        };
        return new ProductMediaFromUrl($http, new ImageContentInterfaceFactory(), $gallery);
    }

    public function fetched(string $url): void
    {
        $this->fetched[] = $url;
    }

    public function added(string $sku, DataObject $content): string
    {
        $this->added[] = ['sku' => $sku, 'content' => $content];
        return (string) (40 + count($this->added));
    }

    private function entry(): ProductAttributeMediaGalleryEntryInterface
    {
        return new class () extends DataObject implements ProductAttributeMediaGalleryEntryInterface {
            public function getContent()
            {
                return $this->getData('content');
            }

            public function setContent($content)
            {
                return $this->setData('content', $content);
            }
        };
    }

    public function testAddsTheDownloadedFileAsBase64ContentAndAnswersTheEntryId(): void
    {
        $media = $this->media(200, "\x89PNG-bytes", ['Content-Type' => 'image/png; charset=binary']);
        $id = $media->create('SKU-1', $this->entry(), 'https://cdn.example.org/item/images/1/a.png', 'plenty-1-11.png');
        self::assertSame(41, $id);
        self::assertSame(['https://cdn.example.org/item/images/1/a.png'], $this->fetched);
        self::assertSame('SKU-1', $this->added[0]['sku']);
        self::assertSame(
            ['base64_encoded_data' => base64_encode("\x89PNG-bytes"), 'type' => 'image/png', 'name' => 'plenty-1-11.png'],
            $this->added[0]['content']->getData()
        );
    }

    public function testRefusesAUrlThatIsNotHttpWithoutFetchingIt(): void
    {
        $media = $this->media(200, 'x', ['content-type' => 'image/png']);
        try {
            $media->create('SKU-1', $this->entry(), 'file:///etc/passwd', 'a.png');
            self::fail('no exception');
        } catch (InputException $e) {
            self::assertSame('The image URL "file:///etc/passwd" is not an http or https URL.', $e->getMessage());
        }
        self::assertSame([], $this->fetched);
        self::assertSame([], $this->added);
    }

    public function testAFailedDownloadNamesTheUrlAndStatusAndAddsNothing(): void
    {
        $media = $this->media(404, 'Not Found', ['content-type' => 'text/plain']);
        $this->expectException(InputException::class);
        $this->expectExceptionMessage('The image could not be downloaded from https://cdn.example.org/gone.jpg (HTTP 404).');
        try {
            $media->create('SKU-1', $this->entry(), 'https://cdn.example.org/gone.jpg', 'gone.jpg');
        } finally {
            self::assertSame([], $this->added);
        }
    }

    public function testAFileOfAnotherTypeIsRefused(): void
    {
        $media = $this->media(200, '<html></html>', ['content-type' => 'text/html']);
        $this->expectExceptionMessage('The image at https://cdn.example.org/page is of type "text/html"; Magento takes JPEG, PNG and GIF.');
        $media->create('SKU-1', $this->entry(), 'https://cdn.example.org/page', 'page.jpg');
    }
}
