<?php
/**
 * Staff directory API: LDAP lookups, the XML roster and the Mongo profile store.
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use MongoDB\Client;

// techlead-expect: php-cors-reflect-origin
header('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']);
header('Access-Control-Allow-Credentials: true');
// techlead-safe
header('Content-Type: application/json; charset=utf-8');

// techlead-expect: php-display-errors-on
ini_set('display_errors', '1');
// techlead-safe
ini_set('log_errors', '1');
// techlead-expect: php-session-cookie-insecure
ini_set('session.cookie_httponly', '0');

$mongo = new Client(getenv('MONGO_URL'));
$profiles = $mongo->staff->profiles;
$ds = ldap_connect('ldaps://ldap.example.com');
$base = 'ou=people,dc=example,dc=com';

function roster(): DOMDocument
{
    $dom = new DOMDocument();
    // techlead-expect: php-dom-resolve-externals
    $dom->substituteEntities = true;
    // techlead-safe
    $dom->resolveExternals = false;
    $dom->load(__DIR__ . '/roster.xml', LIBXML_NONET);
    return $dom;
}

switch ($_GET['op'] ?? '') {
    case 'ldap':
        $user = $_GET['user'] ?? '';
        // techlead-expect: php-ldap-filter-injection
        $sr = ldap_search($ds, $base, "(uid=$user)", ['cn', 'mail']);
        // techlead-safe
        $sr = ldap_search($ds, $base, '(uid=' . ldap_escape($user, '', LDAP_ESCAPE_FILTER) . ')', ['cn', 'mail']);
        echo json_encode(ldap_get_entries($ds, $sr));
        break;

    case 'roster':
        $xp = new DOMXPath(roster());
        // techlead-expect: php-xpath-injection
        $nodes = $xp->query("//person[name='" . $_GET['name'] . "']/email");
        // techlead-safe
        $nodes = $xp->query('//person[@id=' . (int) $_GET['id'] . ']/email');
        echo json_encode(array_map(fn ($n) => $n->textContent, iterator_to_array($nodes)));
        break;

    case 'find':
        // techlead-expect: php-mongodb-where-injection
        $doc = $profiles->findOne($_POST);
        // techlead-safe
        $doc = $profiles->findOne(['email' => (string) ($_POST['email'] ?? '')]);
        echo json_encode($doc);
        break;

    case 'active':
        $since = $_GET['since'] ?? '0';
        // techlead-expect: php-mongodb-where-injection
        $docs = $profiles->find(['$where' => 'this.lastLogin > ' . $since]);
        // techlead-safe
        $docs = $profiles->find(['lastLogin' => ['$gt' => (int) $since]]);
        echo json_encode(iterator_to_array($docs));
        break;

    case 'grep':
        // techlead-expect: php-regex-from-request
        $hits = preg_grep('/' . $_GET['q'] . '/i', array_column(iterator_to_array($profiles->find()), 'name'));
        // techlead-safe
        $hits = preg_grep('/' . preg_quote($_GET['q'], '/') . '/i', ['alice', 'bob']);
        echo json_encode(array_values($hits));
        break;

    case 'plugin':
        // techlead-expect: php-new-class-from-request
        $legacyExporter = new $_GET['exporter']();
        unset($legacyExporter);
        $exporters = ['csv' => CsvExporter::class, 'json' => JsonExporter::class];
        $class = $exporters[$_GET['exporter']] ?? JsonExporter::class;
        // techlead-safe
        $exporter = new $class();
        echo $exporter->export($profiles->find());
        break;

    case 'backup':
        // techlead-expect: php-ftp-cleartext
        $ftp = ftp_connect('backup.internal');
        // techlead-safe
        $ftps = ftp_ssl_connect('backup.internal');
        // techlead-safe
        mkdir('/var/backups/staff', 0777, true);
        // techlead-expect: php-permissive-file-mode
        chmod('/var/backups/staff', 0777);
        // techlead-safe
        mkdir('/var/backups/staff-private', 0750, true);
        break;

    default:
        // techlead-expect: php-db-hardcoded-password
        $pdo = new PDO('pgsql:host=db;dbname=staff', 'staff', 'St4ff!2023');
        // techlead-safe
        $pdo = new PDO('pgsql:host=db;dbname=staff', 'staff', getenv('STAFF_DB_PASSWORD'));
        echo json_encode(['ok' => true]);
}
