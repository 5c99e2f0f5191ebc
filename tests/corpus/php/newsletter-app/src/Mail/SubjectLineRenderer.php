<?php

namespace App\Mail;

use Psr\Log\LoggerInterface;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;
use Twig\Environment;

/**
 * Renders subject lines for A/B tests. Marketers pick one of the stored
 * variants; the "custom" endpoint was added later for a quick experiment.
 */
final class SubjectLineRenderer
{
    public function __construct(
        private readonly Environment $twig,
        private readonly LoggerInterface $logger,
    ) {
    }

    public function custom(Request $request): JsonResponse
    {
        $subject = trim((string) $request->request->get('subject'));
        $source = sprintf('{%% autoescape false %%}%s{%% endautoescape %%}', $subject);

        // techlead-expect: php-template-injection-request
        $template = $this->twig->createTemplate($source, 'subject-line');

        return new JsonResponse(['subject' => $template->render(['first_name' => 'Ada'])]);
    }

    public function variant(Request $request): JsonResponse
    {
        $firstName = (string) $request->query->get('first_name', 'friend');

        // techlead-safe
        $template = $this->twig->createTemplate('Hi {{ first_name }}, your order shipped');
        $this->logger->info('subject preview rendered');

        return new JsonResponse(['subject' => $template->render(['first_name' => $firstName])]);
    }
}
