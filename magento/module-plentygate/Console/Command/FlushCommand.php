<?php
declare(strict_types=1);

namespace Plentygate\Webhooks\Console\Command;

use Plentygate\Webhooks\Model\Flusher;
use Plentygate\Webhooks\Model\Outbox\OutboxStoreInterface;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/** bin/magento plentygate:webhooks:flush [--retry-failed] [--batches=N] */
class FlushCommand extends Command
{
    private const OK = 0;
    private const FAILURE = 1;

    public function __construct(
        private readonly Flusher $flusher,
        private readonly OutboxStoreInterface $store
    ) {
        parent::__construct();
    }

    protected function configure(): void
    {
        $this->setName('plentygate:webhooks:flush')
            ->setDescription('Sends the due plentygate webhooks now (the cron job does this every minute)')
            ->addOption('retry-failed', null, InputOption::VALUE_NONE, 'Put failed webhooks back in the queue first')
            ->addOption('batches', null, InputOption::VALUE_REQUIRED, 'Batches to send at most (batch size from the configuration)', '100');
        parent::configure();
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $batches = (int)$input->getOption('batches');
        if ($batches < 1) {
            $output->writeln('<error>--batches must be a positive number.</error>');
            return self::FAILURE;
        }
        if ($input->getOption('retry-failed')) {
            $count = $this->store->retryFailed(new \DateTimeImmutable('now', new \DateTimeZone('UTC')));
            $output->writeln(sprintf('%d failed webhook(s) queued again.', $count));
        }
        $report = $this->flusher->flush($batches);
        if ($report === null) {
            $output->writeln('<error>Another flush is running (cron or CLI); try again in a minute.</error>');
            return self::FAILURE;
        }
        if ($report->skipped !== null) {
            $output->writeln(sprintf('<error>Nothing sent: %s</error>', $report->skipped));
            return self::FAILURE;
        }
        $output->writeln(sprintf('%d sent, %d to retry later, %d failed.', $report->sent, $report->retried, $report->failed));
        foreach ($report->errors as $error) {
            $output->writeln('  ' . $error);
        }
        if ($report->stopped) {
            $output->writeln('plentygate did not answer: the other due webhooks wait for the next run.');
        }
        return $report->retried + $report->failed > 0 ? self::FAILURE : self::OK;
    }
}
