<?php
/**
 * Plugin Name: Shop Sync
 * Description: Keeps the product catalogue in sync with the warehouse API.
 * Version: 1.4.2
 */

if (!defined('ABSPATH')) {
    exit;
}

define('SHOP_SYNC_API', 'https://warehouse.example.com/api');

add_action('wp_ajax_shop_sync_save', 'shop_sync_save');
add_action('admin_menu', 'shop_sync_menu');

function shop_sync_menu()
{
    add_options_page('Shop Sync', 'Shop Sync', 'manage_options', 'shop-sync', 'shop_sync_page');
}

function shop_sync_save()
{
    // techlead-expect: php-wp-is-admin-authz
    if (is_admin()) {
        // techlead-expect: php-wp-update-option-request
        update_option($_POST['option'], $_POST['value']);
    }
    if (current_user_can('manage_options') && check_ajax_referer('shop_sync_save')) {
        // techlead-safe
        update_option('shop_sync_interval', absint($_POST['interval']));
    }
    wp_die();
}

function shop_sync_products($category)
{
    global $wpdb;
    // techlead-expect: php-wpdb-query-unprepared
    $rows = $wpdb->get_results("SELECT * FROM {$wpdb->prefix}shop_products WHERE category = '$category'");
    // techlead-safe
    $rows = $wpdb->get_results($wpdb->prepare("SELECT * FROM {$wpdb->prefix}shop_products WHERE category = %s", $category));
    // techlead-safe
    $total = $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->prefix}shop_products");
    return [$rows, $total];
}

function shop_sync_delete()
{
    global $wpdb;
    // techlead-expect: php-wpdb-query-unprepared
    $wpdb->query('DELETE FROM ' . $wpdb->prefix . "shop_products WHERE sku = '" . $_GET['sku'] . "'");
}

function shop_sync_fetch($path)
{
    // techlead-expect: php-stream-ssl-verify-disabled
    $resp = wp_remote_get(SHOP_SYNC_API . $path, ['sslverify' => false, 'timeout' => 15]);
    // techlead-safe
    $resp = wp_remote_get(SHOP_SYNC_API . $path, ['timeout' => 15]);
    return json_decode(wp_remote_retrieve_body($resp), true);
}

function shop_sync_proxy()
{
    // techlead-expect: php-ssrf-request
    $resp = wp_remote_get($_GET['feed'], ['timeout' => 5]);
    echo esc_html(wp_remote_retrieve_body($resp));
}

function shop_sync_page()
{
    // techlead-expect: php-wp-echo-unescaped
    echo '<form method="post" action="' . $_SERVER['PHP_SELF'] . '">';
    // techlead-safe
    echo '<form method="post" action="' . esc_url(admin_url('options-general.php?page=shop-sync')) . '">';
    // techlead-expect: php-wp-echo-unescaped
    echo '<a href="' . add_query_arg('tab', 'advanced') . '">Advanced</a>';
    // techlead-safe
    echo '<a href="' . esc_url(add_query_arg('tab', 'advanced')) . '">Advanced</a>';
    // techlead-safe
    echo '<input name="interval" value="' . esc_attr(get_option('shop_sync_interval', 60)) . '">';
    echo '</form>';
}

function shop_sync_remember($token)
{
    // techlead-expect: php-setcookie-insecure
    setcookie('shop_sync_token', $token, time() + DAY_IN_SECONDS, COOKIEPATH);
    // techlead-safe
    setcookie('shop_sync_token', $token, ['expires' => time() + DAY_IN_SECONDS, 'path' => COOKIEPATH, 'secure' => true, 'httponly' => true, 'samesite' => 'Lax']);
}
