<?php

namespace App\Http\Controllers;

use DOMDocument;
use DOMXPath;
use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use MongoDB\BSON\ObjectId;
use MongoDB\Client;

/**
 * Intranet staff directory: LDAP people search, the XML org chart and the Mongo badge log.
 */
class StaffDirectoryController extends Controller
{
    private const PEOPLE_DN = 'ou=people,dc=corp,dc=example';

    private const GROUP_FILTERS = [
        'engineering' => '(&(objectClass=person)(departmentNumber=ENG))',
        'finance' => '(&(objectClass=person)(departmentNumber=FIN))',
    ];

    private const BADGE_STATUSES = ['active' => 'active', 'revoked' => 'revoked'];

    /** @var resource|\LDAP\Connection */
    private $ds;

    private DOMXPath $xpath;

    private \MongoDB\Collection $badges;

    public function __construct()
    {
        $this->ds = ldap_connect('ldaps://ldap.corp.example');
        ldap_bind($this->ds, 'cn=reader,dc=corp,dc=example', (string) getenv('LDAP_READER_PASSWORD'));
        $chart = new DOMDocument();
        $chart->load(storage_path('app/org-chart.xml'), LIBXML_NONET);
        $this->xpath = new DOMXPath($chart);
        $this->badges = (new Client((string) getenv('MONGO_URL')))->security->badges;
    }

    private function personFilter(string $attribute, string $value): string
    {
        return sprintf('(&(objectClass=person)(%s=%s))', $attribute, $value);
    }

    public function search(Request $request): JsonResponse
    {
        $name = $request->input('name', '');
        $filter = $this->personFilter('cn', $name . '*');
        // techlead-expect: php-ldap-filter-injection-taint
        $sr = ldap_search($this->ds, self::PEOPLE_DN, $filter, ['cn', 'mail', 'title']);

        return response()->json(ldap_get_entries($this->ds, $sr));
    }

    public function searchEscaped(Request $request): JsonResponse
    {
        $name = ldap_escape($request->input('name', ''), '', LDAP_ESCAPE_FILTER);
        $filter = $this->personFilter('cn', $name . '*');
        // techlead-safe
        $sr = ldap_search($this->ds, self::PEOPLE_DN, $filter, ['cn', 'mail', 'title']);

        return response()->json(ldap_get_entries($this->ds, $sr));
    }

    public function group(Request $request): JsonResponse
    {
        $filter = self::GROUP_FILTERS[$request->query('group')] ?? '(objectClass=person)';
        // techlead-safe
        $sr = ldap_list($this->ds, self::PEOPLE_DN, $filter, ['cn']);

        return response()->json(ldap_count_entries($this->ds, $sr));
    }

    public function manager(Request $request): JsonResponse
    {
        $mail = $request->input('mail', '');
        // techlead-expect: php-ldap-filter-injection
        $sr = ldap_search($this->ds, self::PEOPLE_DN, "(&(objectClass=person)(mail=$mail))", ['manager']);

        return response()->json(ldap_get_entries($this->ds, $sr));
    }

    public function reports(Request $request): JsonResponse
    {
        $team = $request->query('team', '');
        $path = "//team[@name='" . $team . "']/member/@email";
        // techlead-expect: php-xpath-injection-taint
        $nodes = $this->xpath->query($path);

        $position = (int) $request->query('position', '1');
        $path = sprintf('//team/member[%d]/@email', $position);
        // techlead-safe
        $first = $this->xpath->query($path);

        return response()->json([
            'members' => array_map(fn ($n) => $n->nodeValue, iterator_to_array($nodes)),
            'first' => $first->item(0)?->nodeValue,
        ]);
    }

    public function badgeHistory(Request $request): JsonResponse
    {
        $criteria = ['employee' => $request->input('employee'), 'site' => 'hq'];
        // techlead-expect: php-mongodb-where-injection-taint
        $events = $this->badges->find($criteria, ['limit' => 100]);

        $status = self::BADGE_STATUSES[$request->input('status')] ?? 'active';
        $criteria = ['employee' => (string) $request->input('employee'), 'status' => $status];
        // techlead-safe
        $active = $this->badges->find($criteria, ['limit' => 100]);

        return response()->json([iterator_to_array($events), iterator_to_array($active)]);
    }

    public function badge(Request $request, string $id): JsonResponse
    {
        // techlead-safe
        $badge = $this->badges->findOne(['_id' => new ObjectId($request->route('id'))]);

        return response()->json($badge);
    }

    public function lateBadges(Request $request): JsonResponse
    {
        $hour = $request->query('hour', '20');
        $js = 'this.swipedAt.getHours() >= ' . $hour;
        // techlead-expect: php-mongodb-where-injection-taint
        $late = $this->badges->find(['$where' => $js]);

        $hour = (int) $request->query('hour', '20');
        $js = 'this.swipedAt.getHours() >= ' . $hour;
        // techlead-safe
        $lateSafe = $this->badges->find(['$where' => $js]);

        return response()->json([iterator_to_array($late), iterator_to_array($lateSafe)]);
    }
}
