<?php

namespace App\Http\Controllers;

use App\Models\Campaign;
use App\Models\Subscriber;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Blade;
use Illuminate\Support\Facades\Cache;

class CampaignPreviewController extends Controller
{
    private const LAYOUTS = [
        'plain' => '<div class="plain">{{ $body }}</div>',
        'branded' => '<div class="brand"><img src="/logo.png">{{ $body }}</div>',
    ];

    /**
     * Live preview while an editor types a campaign in the dashboard.
     */
    public function preview(Request $request)
    {
        $subscriber = Subscriber::query()->firstOrFail();
        $markup = $this->wrapWithFooter($request->input('markup', ''));

        // techlead-expect: php-template-injection-request
        $html = Blade::render($markup, ['subscriber' => $subscriber]);

        return response()->json(['html' => $html]);
    }

    /**
     * Renders a saved campaign inside one of the fixed layouts.
     */
    public function show(Request $request, Campaign $campaign)
    {
        $layout = self::LAYOUTS[$request->query('layout')] ?? self::LAYOUTS['plain'];

        // techlead-safe
        $html = Blade::render($layout, ['body' => $campaign->body]);

        return response()->json(['html' => $html]);
    }

    /**
     * Greeting line shown above the preview; the name is a render variable.
     */
    public function greeting(Request $request)
    {
        $name = $request->input('name', 'there');

        // techlead-safe
        $html = Blade::render('<p>Hello {{ $name }},</p>', ['name' => $name]);

        return response()->json(['html' => $html]);
    }

    public function cached(Request $request)
    {
        // techlead-safe
        $html = Cache::get('campaign-preview:' . $request->input('id'));

        return response()->json(['html' => $html]);
    }

    private function wrapWithFooter(string $markup): string
    {
        return $markup . "\n<p class=\"footer\">{{ \$subscriber->unsubscribeUrl() }}</p>";
    }
}
