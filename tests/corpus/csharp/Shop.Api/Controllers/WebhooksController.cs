using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Shop.Api.Services;

namespace Shop.Api.Controllers;

/// Receives payment-provider and carrier callbacks. Both sign the raw body
/// with a shared secret (HMAC-SHA256, hex in a header).
[ApiController]
[Route("webhooks")]
public class WebhooksController : ControllerBase
{
    private readonly byte[] _paymentSecret;
    private readonly byte[] _carrierSecret;
    private readonly PaymentEvents _events;
    private readonly ILogger<WebhooksController> _logger;

    public WebhooksController(WebhookSecrets secrets, PaymentEvents events, ILogger<WebhooksController> logger)
    {
        _paymentSecret = secrets.Payment;
        _carrierSecret = secrets.Carrier;
        _events = events;
        _logger = logger;
    }

    [HttpPost("payments")]
    public async Task<IActionResult> Payments()
    {
        using var reader = new StreamReader(Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var signature = Request.Headers["X-Pay-Signature"].ToString();

        using var hmac = new HMACSHA256(_paymentSecret);
        var expectedSignature = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(body))).ToLowerInvariant();
        // techlead-expect: csharp-timing-unsafe-mac-comparison
        if (expectedSignature != signature.ToLowerInvariant())
        {
            return Unauthorized();
        }

        try
        {
            await _events.ApplyAsync(body);
            return Ok();
        }
        catch (Exception ex)
        {
            // techlead-expect: csharp-exception-details-in-response
            return StatusCode(500, new { error = "could not apply event", detail = ex.ToString() });
        }
    }

    [HttpPost("carriers")]
    public async Task<IActionResult> Carriers()
    {
        using var reader = new StreamReader(Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var received = Request.Headers["X-Carrier-Signature"].ToString();
        if (received.Length != 64)
        {
            return BadRequest();
        }

        var computed = HMACSHA256.HashData(_carrierSecret, Encoding.UTF8.GetBytes(body));
        // techlead-safe
        if (!CryptographicOperations.FixedTimeEquals(computed, Convert.FromHexString(received)))
        {
            return Unauthorized();
        }

        try
        {
            await _events.ApplyCarrierAsync(body);
            return Ok();
        }
        catch (Exception ex)
        {
            var incident = Guid.NewGuid();
            _logger.LogError(ex, "Carrier event failed, incident {Incident}", incident);
            // techlead-safe
            return Problem($"Carrier event failed (incident {incident})", statusCode: 500);
        }
    }
}
