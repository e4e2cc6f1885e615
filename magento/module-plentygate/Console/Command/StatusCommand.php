<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Console\Command;

use Plentygate\Webhooks\Model\Config\SettingsInterface;
use Plentygate\Webhooks\Model\Outbox\OutboxStoreInterface;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

/** bin/magento plentygate:webhooks:status: configuration and outbox at a glance (never the secret). */
class StatusCommand extends Command
{
    public function __construct(
        private readonly OutboxStoreInterface $store,
        private readonly SettingsInterface $settings
    ) {
        parent::__construct();
    }

    protected function configure(): void
    {
        $this->setName('plentygate:webhooks:status')
            ->setDescription('Shows whether plentygate webhooks are configured and what waits in the outbox');
        parent::configure();
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $summary = $this->store->summary();
        $at = fn (?\DateTimeImmutable $t) => $t === null ? '-' : $t->format('Y-m-d H:i:s') . ' UTC';
        $rows = [
            'enabled' => $this->settings->isEnabled() ? 'yes' : 'no',
            'gateway URL' => $this->settings->gatewayUrl() ?: '(not set)',
            'secret' => $this->settings->secret() === '' ? '(not set)' : 'set',
            'pending' => (string)$summary['pending'],
            'failed' => (string)$summary['failed'],
            'sent (kept)' => (string)$summary['sent'],
            'oldest pending' => $at($summary['oldest_pending']),
            'next attempt' => $at($summary['next_attempt']),
            'last error' => $summary['last_error'] ?? '-',
        ];
        foreach ($rows as $label => $value) {
            $output->writeln(sprintf('%-15s %s', $label . ':', $value));
        }
        return 0;
    }
}
