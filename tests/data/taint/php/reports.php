<?php
require __DIR__ . '/db.php';

// Flows through switch/case bodies, and match and ternary expressions whose
// subject or condition only picks a constant.
function order_column($key)
{
    return match ($key) {
        'date' => 'created_at',
        'name' => 'name',
        default => 'id',
    };
}

function report_rows(PDO $db, $mode)
{
    $filter = '1 = 1';
    switch ($mode) {
        case 'name':
            $filter = "name = '" . $_GET['name'] . "'";
            break;
        case 'all':
            $filter = '1 = 1';
            break;
        default:
            $limit = intval($_GET['limit']);
    }
    // expect: tainted in one case body, merged after the switch
    $db->query("SELECT * FROM reports WHERE " . $filter);
    // safe: sanitized in the default body
    $db->query("SELECT * FROM reports LIMIT " . $limit);
    // safe: a helper whose match only yields constants
    $db->query("SELECT * FROM reports ORDER BY " . order_column($_GET['order']));
    $dir = $_GET['dir'] === 'desc' ? 'DESC' : 'ASC';
    // safe: the request only picks one of two constants
    $db->query("SELECT * FROM reports ORDER BY id " . $dir);
    $term = $_GET['term'] ?: 'none';
    // expect: in `a ?: b` the condition is the value
    $db->query("SELECT * FROM reports WHERE term = '$term'");
    $label = match ($mode) {
        'raw' => $_POST['label'],
        default => 'report',
    };
    // expect: one match arm is request data
    $db->query("SELECT * FROM reports WHERE label = '$label'");
    switch ($_GET['kind']) {
        case 'a':
            $kind = 'alpha';
            break;
        default:
            $kind = 'other';
    }
    // safe: a switch on the request whose cases assign constants
    $db->query("SELECT * FROM reports WHERE kind = '$kind'");
    foreach ($_POST['ids'] as $i => $id) {
        switch ($i) {
            case 0:
                $first = $id;
                break;
        }
    }
    // expect: a case body inside a loop
    $db->query("SELECT * FROM reports WHERE id = " . $first);
}
