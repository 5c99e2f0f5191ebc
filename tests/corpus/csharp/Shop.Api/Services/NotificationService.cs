using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Data.SqlClient;

namespace Shop.Api.Services;

/// Sends order notifications by mail and webhook; many look-alikes of
/// dangerous calls that are fine here.
public class NotificationService
{
    private static readonly Regex Sku = new("^[A-Z]{3}-\\d{4}$", RegexOptions.Compiled, TimeSpan.FromMilliseconds(50));
    private static readonly Dictionary<string, string> Templates = new() { ["shipped"] = "Your order has shipped." };
    private readonly HttpClient _http;
    private readonly string _conn;

    public NotificationService(HttpClient http, string conn)
    {
        _http = http;
        _conn = conn;
    }

    public bool ValidSku(string sku)
    {
        // techlead-safe
        return Sku.IsMatch(sku);
    }

    public string Template(string kind)
    {
        // techlead-safe
        return Templates.TryGetValue(kind, out var text) ? text : "Your order was updated.";
    }

    public async Task Webhook(string orderId)
    {
        var payload = JsonSerializer.Serialize(new { orderId, at = DateTimeOffset.UtcNow });
        // techlead-safe
        await _http.PostAsync("https://hooks.example.com/orders", new StringContent(payload, Encoding.UTF8, "application/json"));
    }

    public async Task<int> Pending()
    {
        await using var conn = new SqlConnection(_conn);
        await conn.OpenAsync();
        // techlead-safe
        await using var cmd = new SqlCommand("SELECT COUNT(*) FROM Notifications WHERE SentAt IS NULL", conn);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task MarkSent(int id)
    {
        await using var conn = new SqlConnection(_conn);
        await conn.OpenAsync();
        // techlead-safe
        await using var cmd = new SqlCommand("UPDATE Notifications SET SentAt = SYSUTCDATETIME() WHERE Id = @id", conn);
        cmd.Parameters.AddWithValue("@id", id);
        await cmd.ExecuteNonQueryAsync();
    }

    public string Digest(string body)
    {
        // techlead-safe
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
    }

    public string Subject(string customer, int count)
    {
        // techlead-safe
        return "Update for " + customer + " where " + count + " orders changed";
    }

    public void OpenDocs()
    {
        // techlead-safe
        Process.Start(new ProcessStartInfo("xdg-open", "https://docs.example.com/notifications") { UseShellExecute = false });
    }

    public string Spool()
    {
        // techlead-safe
        return Path.Combine(Path.GetTempPath(), "notifications");
    }

    public List<string> Recipients(IEnumerable<string> list)
    {
        // techlead-safe
        return list.Select(r => r.Trim()).Where(r => r.Contains('@')).ToList();
    }

    public RSA WebhookKey(string pem)
    {
        // techlead-safe
        var rsa = RSA.Create(2048);
        rsa.ImportFromPem(pem);
        return rsa;
    }

    public string LegacyFingerprint(byte[] cert)
    {
        // techlead-expect: csharp-weak-hash
        return Convert.ToHexString(MD5.HashData(cert));
    }

    public RSA OldWebhookKey()
    {
        // techlead-expect: csharp-weak-rsa-key
        return new RSACryptoServiceProvider(1024);
    }

    public void Retry(int attempt)
    {
        // techlead-safe
        var jitter = new Random().Next(0, 250);
        Task.Delay(attempt * 1000 + jitter).Wait();
    }
}

public class UnsubscribeEndpoint
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/unsubscribe", (HttpContext ctx) =>
        {
            // techlead-expect: csharp-open-redirect
            return Results.Redirect(ctx.Request.Query["next"]);
        });
        app.MapGet("/unsubscribe/done", () =>
        {
            // techlead-safe
            return Results.Redirect("/preferences");
        });
        app.MapGet("/unsubscribe/echo", async (HttpContext ctx) =>
        {
            // techlead-expect: csharp-html-from-request
            await ctx.Response.WriteAsync($"<p>Unsubscribed {ctx.Request.Query["email"]}</p>");
            // techlead-safe
            await ctx.Response.WriteAsync("<p>Done</p>");
        });
    }
}
