<?php
/**
 * Photo gallery of the club: albums, captions and downloads. Values travel
 * through variables and helpers before they are used.
 */
require_once __DIR__ . '/config.php';

$pdo = new PDO(DB_DSN, DB_USER, getenv('CLUB_DB_PASSWORD'));
$album = $_GET['album'] ?? 'latest';
$albums = ['latest' => 'albums/latest.php', 'archive' => 'albums/archive.php'];

function album_query(string $name): string
{
    return "SELECT id, caption FROM photos WHERE album = '" . $name . "'";
}

function caption_html(string $caption): string
{
    return '<figcaption>' . htmlspecialchars($caption, ENT_QUOTES, 'UTF-8') . '</figcaption>';
}

// techlead-expect: php-sql-injection
$photos = $pdo->query(album_query($album));
$stmt = $pdo->prepare('SELECT id, caption FROM photos WHERE album = ?');
// techlead-safe
$stmt->execute([$album]);
$page = (int) ($_GET['page'] ?? 1);
$offset = ($page - 1) * 20;
$paged = "SELECT id FROM photos ORDER BY id LIMIT 20 OFFSET $offset";
// techlead-safe
$rows = $pdo->query($paged);

$title = $_GET['title'] ?? 'Gallery';
$heading = '<h1>' . $title . '</h1>';
// techlead-expect: php-echo-user-input
echo $heading;
$safeTitle = htmlspecialchars($title, ENT_QUOTES, 'UTF-8');
// techlead-safe
echo "<title>$safeTitle</title>";
// techlead-safe
echo caption_html($_GET['caption'] ?? '');
// techlead-safe
echo '<p>Page ' . $page . '</p>';

$template = $albums[$album] ?? 'albums/latest.php';
// techlead-safe
include __DIR__ . '/' . $template;
$theme = $_COOKIE['theme'] ?? 'light';
// techlead-expect: php-include-user-input
include __DIR__ . "/themes/$theme.php";

$photo = $_GET['photo'] ?? '';
$original = __DIR__ . '/photos/' . $photo;
// techlead-expect: php-file-user-input
readfile($original);
$thumb = __DIR__ . '/thumbs/' . basename($photo);
// techlead-safe
readfile($thumb);
// techlead-safe
$manifest = file_get_contents(__DIR__ . '/photos/manifest.json');

$search = trim($_POST['search'] ?? '');
$like = '%' . $search . '%';
$sql = "SELECT id FROM photos WHERE caption LIKE '$like'";
// techlead-expect: php-sql-injection
$found = mysqli_query($db, $sql);

$mirror = $_GET['mirror'] ?? '';
$target = 'https://' . $mirror . '/photos/' . rawurlencode($photo);
$ch = curl_init();
// techlead-expect: php-ssrf-request
curl_setopt($ch, CURLOPT_URL, $target);
$mirrors = ['eu' => 'https://eu.photos.example.com', 'us' => 'https://us.photos.example.com'];
$base = $mirrors[$_GET['region'] ?? 'eu'] ?? 'https://eu.photos.example.com';
// techlead-safe
curl_setopt($ch, CURLOPT_URL, $base . '/photos/' . rawurlencode($photo));
curl_exec($ch);
