<?php
require __DIR__ . '/db.php';

function where_customer($name)
{
    return " WHERE customer = '" . $name . "'";
}

function list_orders(PDO $db)
{
    $customer = $_GET['customer'];
    $sql = "SELECT * FROM orders WHERE customer = '$customer'";
    // expect: interpolated into a double-quoted string
    $rows = $db->query($sql);
    $page = intval($_GET['page']);
    // safe: intval sanitizes
    $db->query("SELECT * FROM orders LIMIT 20 OFFSET " . $page);
    $stmt = $db->prepare('SELECT * FROM orders WHERE customer = ?');
    // safe: a prepared statement with a bound value
    $stmt->execute([$customer]);
    $order = 'id';
    if (isset($_GET['order'])) {
        $order = $_GET['order'];
    }
    // expect: tainted on one branch
    $db->query("SELECT * FROM orders ORDER BY " . $order);
    // expect: a helper that returns its parameter
    $db->query("SELECT * FROM orders" . where_customer($_POST['name']));
    $state = 'open';
    // safe: a constant
    $db->query("SELECT * FROM orders WHERE state = '" . $state . "'");
    return $rows;
}
