<?php

namespace App\Controller;

use App\Entity\Report;
use Doctrine\DBAL\Connection;
use Doctrine\ORM\EntityManagerInterface;
use Symfony\Bundle\FrameworkBundle\Controller\AbstractController;
use Symfony\Component\HttpFoundation\BinaryFileResponse;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\RedirectResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\Process\Process;
use Symfony\Component\Routing\Annotation\Route;
use Symfony\Component\Yaml\Yaml;

class ReportController extends AbstractController
{
    public function __construct(private EntityManagerInterface $em, private Connection $conn, private string $exportDir)
    {
    }

    #[Route('/reports', methods: ['GET'])]
    public function list(Request $request): JsonResponse
    {
        $owner = $request->query->get('owner');
        // techlead-expect: php-doctrine-query-concat
        $reports = $this->em->createQuery("SELECT r FROM App\Entity\Report r WHERE r.owner = '" . $owner . "'")->getResult();
        // techlead-safe
        $reports = $this->em->createQuery('SELECT r FROM App\Entity\Report r WHERE r.owner = :owner')->setParameter('owner', $owner)->getResult();
        $qb = $this->em->createQueryBuilder()->select('r')->from(Report::class, 'r');
        // techlead-expect: php-doctrine-query-concat
        $qb->where("r.title LIKE '%{$request->query->get('q')}%'");
        // techlead-safe
        $qb->andWhere('r.title LIKE :q')->setParameter('q', '%' . $request->query->get('q') . '%');
        return $this->json(['reports' => $reports, 'more' => $qb->getQuery()->getResult()]);
    }

    #[Route('/reports/stats', methods: ['GET'])]
    public function stats(Request $request): JsonResponse
    {
        $status = $request->query->get('status');
        // techlead-expect: php-doctrine-query-concat
        $rows = $this->conn->fetchAllAssociative("SELECT COUNT(*) AS n FROM report WHERE status = '$status'");
        // techlead-safe
        $rows = $this->conn->fetchAllAssociative('SELECT COUNT(*) AS n FROM report WHERE status = ?', [$status]);
        return new JsonResponse($rows);
    }

    #[Route('/reports/{id}/render', methods: ['POST'])]
    public function render(Report $report, Request $request): Response
    {
        $format = $request->request->get('format', 'pdf');
        // techlead-expect: php-symfony-process-shell
        $process = Process::fromShellCommandline('report-render --format ' . $format . ' ' . $report->getId());
        $process->mustRun();
        // techlead-safe
        $process = new Process(['report-render', '--format', $format, (string) $report->getId()]);
        $process->mustRun();
        return new Response($process->getOutput(), 200, ['Content-Type' => 'application/pdf']);
    }

    #[Route('/reports/import', methods: ['POST'])]
    public function import(Request $request): JsonResponse
    {
        // techlead-expect: php-symfony-yaml-parse-object
        $definition = Yaml::parse($request->getContent(), Yaml::PARSE_OBJECT);
        // techlead-safe
        $definition = Yaml::parse($request->getContent());
        return new JsonResponse(['imported' => count($definition)]);
    }

    #[Route('/reports/download', methods: ['GET'])]
    public function download(Request $request): BinaryFileResponse
    {
        // techlead-expect: php-framework-path-request
        return new BinaryFileResponse($request->query->get('path'));
    }

    #[Route('/reports/latest', methods: ['GET'])]
    public function latest(): BinaryFileResponse
    {
        // techlead-safe
        return new BinaryFileResponse($this->exportDir . '/latest.csv');
    }

    #[Route('/reports/hello', methods: ['GET'])]
    public function hello(Request $request): Response
    {
        // techlead-expect: php-response-user-input
        return new Response('<p>Report for ' . $request->query->get('name') . '</p>');
    }

    #[Route('/reports/back', methods: ['GET'])]
    public function back(Request $request): RedirectResponse
    {
        $response = new RedirectResponse($this->generateUrl('reports'));
        // techlead-expect: php-header-injection
        $response->headers->set('X-Report-Source', $request->query->get('source'));
        // techlead-safe
        $response->headers->set('Cache-Control', 'no-store');
        return $response;
    }

    #[Route('/reports/go', methods: ['GET'])]
    public function go(Request $request): RedirectResponse
    {
        // techlead-expect: php-open-redirect
        return new RedirectResponse($request->query->get('next'));
    }
}
