<?php

namespace App\Http\Controllers;

use App\Http\Requests\StoreOrderRequest;
use App\Models\Order;
use App\Models\User;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Http;
use Illuminate\Support\Facades\Storage;

class OrderController extends Controller
{
    private const SORTABLE = ['created_at', 'total', 'status'];

    public function index(Request $request)
    {
        // techlead-expect: php-laravel-orderby-request
        $orders = Order::query()->orderBy($request->input('sort'))->paginate(20);
        $sort = in_array($request->input('sort'), self::SORTABLE, true) ? $request->input('sort') : 'created_at';
        // techlead-safe
        $orders = Order::query()->orderBy($sort)->where('status', $request->input('status'))->paginate(20);
        return view('orders.index', ['orders' => $orders]);
    }

    public function search(Request $request)
    {
        $term = $request->input('q');
        // techlead-expect: php-sql-concat
        $rows = DB::select("SELECT * FROM orders WHERE reference LIKE '%$term%'");
        // techlead-safe
        $rows = DB::select('SELECT * FROM orders WHERE reference LIKE ?', ['%' . $term . '%']);
        // techlead-expect: php-sql-concat
        $more = Order::whereRaw("customer_email = '" . $request->input('email') . "'")->get();
        // techlead-safe
        $more = Order::whereRaw('customer_email = ?', [$request->input('email')])->get();
        return response()->json(['rows' => $rows, 'more' => $more]);
    }

    public function store(Request $request)
    {
        // techlead-expect: php-laravel-mass-assignment
        $order = Order::create($request->all());
        return redirect()->route('orders.show', $order);
    }

    public function storeValidated(StoreOrderRequest $request)
    {
        // techlead-safe
        $order = Order::create($request->validated());
        // techlead-safe
        $order->update($request->only(['note', 'delivery_date']));
        return redirect()->route('orders.show', $order);
    }

    public function invoice(Request $request)
    {
        // techlead-expect: php-framework-path-request
        return Storage::download($request->input('file'));
    }

    public function invoiceSafe(Request $request, Order $order)
    {
        // techlead-safe
        return Storage::download('invoices/' . basename($request->input('file')));
    }

    public function uploadReceipt(Request $request, Order $order)
    {
        $file = $request->file('receipt');
        // techlead-expect: php-upload-client-filename
        $path = $file->storeAs('receipts', $file->getClientOriginalName());
        // techlead-safe
        $path = $file->storeAs('receipts', $order->id . '.' . $file->extension());
        return back()->with('path', $path);
    }

    public function track(Request $request)
    {
        // techlead-expect: php-ssrf-request
        $status = Http::get($request->input('carrier_url'))->json();
        // techlead-safe
        $status = Http::get('https://api.carrier.example.com/track/' . urlencode($request->input('code')))->json();
        return response()->json($status);
    }

    public function done(Request $request)
    {
        // techlead-expect: php-open-redirect
        return redirect()->to($request->input('return_to'));
    }

    public function thanks(Request $request)
    {
        // techlead-expect: php-response-user-input
        return response('<h1>Thanks, ' . $request->input('name') . '!</h1>');
    }

    public function thanksSafe(Request $request)
    {
        // techlead-safe
        return response('<h1>Thanks, ' . e($request->input('name')) . '!</h1>');
    }
}
