<?php
/**
 * Members area of the old club site: search, profile, exports and admin tools.
 */
require_once __DIR__ . '/config.php';
require_once __DIR__ . '/lib/db.php';

session_start();

$db = new mysqli(DB_HOST, DB_USER, getenv('CLUB_DB_PASSWORD'), DB_NAME);
$action = $_GET['action'] ?? 'list';

if ($action === 'search') {
    $name = $_GET['name'] ?? '';
    // techlead-expect: php-sql-concat
    $result = mysqli_query($db, "SELECT id, name FROM members WHERE name LIKE '%" . $name . "%'");
    $stmt = $db->prepare('SELECT id, name FROM members WHERE name LIKE ?');
    $like = '%' . $name . '%';
    $stmt->bind_param('s', $like);
    // techlead-safe
    $stmt->execute();
    // techlead-expect: php-echo-user-input
    echo '<h2>Results for ' . $_GET['name'] . '</h2>';
    // techlead-safe
    echo '<h2>Results for ' . htmlspecialchars($_GET['name'], ENT_QUOTES, 'UTF-8') . '</h2>';
    // techlead-safe
    printf('<p>%d members found</p>', (int) $result->num_rows);
}

if ($action === 'profile') {
    $id = $_GET['id'] ?? '0';
    // techlead-safe
    $row = $db->query('SELECT * FROM members WHERE id = ' . intval($id))->fetch_assoc();
    $sql = "SELECT * FROM payments WHERE member_id = " . $_GET['id'];
    // techlead-expect: php-sql-injection
    $payments = $db->query($sql);
    // techlead-expect: php-unserialize
    $prefs = unserialize($_COOKIE['prefs']);
    // techlead-safe
    $prefs = json_decode($_COOKIE['prefs'] ?? '{}', true);
}

if ($action === 'page') {
    // techlead-expect: php-include-user-input
    include 'pages/' . $_GET['page'] . '.php';
    $pages = ['rules' => 'pages/rules.php', 'events' => 'pages/events.php'];
    // techlead-safe
    include $pages[$_GET['page']] ?? 'pages/home.php';
}

if ($action === 'export') {
    $format = $_GET['format'] ?? 'csv';
    // techlead-expect: php-command-injection
    $output = shell_exec('php export.php --format=' . $format);
    // techlead-safe
    $output = shell_exec('php export.php --format=' . escapeshellarg($format));
    // techlead-expect: php-escapeshellcmd-arguments
    exec(escapeshellcmd("zip -r /tmp/export.zip exports/{$_GET['dir']}"));
    // techlead-expect: php-file-user-input
    readfile('exports/' . $_GET['file']);
    // techlead-safe
    readfile('exports/' . basename($_GET['file']));
}

if ($action === 'login') {
    // techlead-expect: php-session-fixation
    session_id($_GET['sid']);
    // techlead-safe
    session_regenerate_id(true);
    $next = $_GET['next'] ?? '/';
    // techlead-expect: php-open-redirect
    header('Location: ' . $_GET['next']);
    // techlead-safe
    header('Location: /members.php?action=profile&id=' . intval($_GET['id']));
    exit;
}

if ($action === 'callback') {
    // techlead-expect: php-call-user-func-request
    $result = call_user_func($_GET['handler'], $_GET['arg']);
    $handlers = ['list' => 'list_members', 'count' => 'count_members'];
    // techlead-safe
    $result = call_user_func($handlers[$_GET['handler']] ?? 'list_members');
}

if ($action === 'contact') {
    // techlead-expect: php-mail-header-injection
    mail(CLUB_EMAIL, 'Contact form', $_POST['message'], 'From: ' . $_POST['email']);
    // techlead-safe
    mail(CLUB_EMAIL, 'Contact form', $_POST['message']);
}

if ($action === 'debug') {
    // techlead-expect: php-phpinfo
    phpinfo();
}

// techlead-expect: php-extract-request
extract($_POST);
// techlead-safe
parse_str($_SERVER['QUERY_STRING'], $query);
