<?php

namespace App\Http;

use App\Http\Middleware\VerifyCsrfToken;
use Illuminate\Database\Eloquent\Model;
use Illuminate\Foundation\Http\Middleware\VerifyCsrfToken as Middleware;
use Illuminate\Support\Facades\Route;

/**
 * Middleware, models and routes of the shop kept together for the review demo.
 */
class CsrfMiddleware extends Middleware
{
    // techlead-expect: php-csrf-disabled
    protected $except = ['*'];
}

class WebhookCsrfMiddleware extends Middleware
{
    // techlead-safe
    protected $except = ['stripe/webhook'];
}

class Order extends Model
{
    // techlead-safe
    protected $fillable = ['reference', 'note', 'delivery_date'];
}

class Coupon extends Model
{
    // techlead-expect: php-laravel-mass-assignment
    protected $guarded = [];
}

class Customer extends Model
{
    // techlead-safe
    protected $guarded = ['id', 'is_admin', 'balance'];

    public function setTokenAttribute(string $value): void
    {
        // techlead-safe
        $this->attributes['token_hash'] = hash('sha256', $value);
    }
}

function routes(): void
{
    // techlead-expect: php-csrf-disabled
    Route::post('/profile', [ProfileController::class, 'update'])->withoutMiddleware(VerifyCsrfToken::class);
    // techlead-safe
    Route::post('/hooks/stripe', [StripeController::class, 'handle'])->middleware('stripe.signature');
}
