<?php

use Illuminate\Support\Facades\Facade;

return [

    'name' => env('APP_NAME', 'Shop'),

    'env' => env('APP_ENV', 'production'),

    // techlead-expect: php-laravel-debug-true
    'debug' => true,

    'url' => env('APP_URL', 'http://localhost'),

    'timezone' => 'UTC',

    'locale' => 'en',

    'fallback_locale' => 'en',

    // techlead-safe
    'key' => env('APP_KEY'),

    'cipher' => 'AES-256-CBC',

    'maintenance' => [
        'driver' => 'file',
    ],

    'logging' => [
        // techlead-safe
        'debug' => true,
        'channel' => 'stack',
    ],

    'providers' => [
        App\Providers\AppServiceProvider::class,
        App\Providers\AuthServiceProvider::class,
        App\Providers\RouteServiceProvider::class,
    ],

    'aliases' => Facade::defaultAliases()->merge([
        'Storage' => Illuminate\Support\Facades\Storage::class,
    ])->toArray(),

];
