using System.IO;
using System.Xml;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Shop.Api.Data;

namespace Shop.Api.Controllers;

[ApiController]
[Route("orders")]
public class OrdersController : Controller
{
    private static readonly string Invoices = "/srv/shop/invoices";
    private readonly OrderRepository _orders;
    private readonly IHttpClientFactory _http;

    public OrdersController(OrderRepository orders, IHttpClientFactory http)
    {
        _orders = orders;
        _http = http;
    }

    [HttpGet("invoice")]
    public IActionResult Invoice([FromQuery] string file)
    {
        // techlead-expect: csharp-path-traversal-request
        return PhysicalFile(Path.Combine(Invoices, file), "application/pdf");
    }

    [HttpGet("invoice-safe")]
    public IActionResult InvoiceSafe([FromQuery] string file)
    {
        // techlead-safe
        return PhysicalFile(Path.Combine(Invoices, Path.GetFileName(file)), "application/pdf");
    }

    [HttpGet("search")]
    public IActionResult Search([FromQuery] string q)
    {
        // techlead-expect: csharp-html-from-request
        return Content($"<h1>Results for {q}</h1>", "text/html");
    }

    [HttpGet("search-safe")]
    public IActionResult SearchSafe([FromQuery] string q)
    {
        // techlead-safe
        return Content($"Results for {q}", "text/plain");
    }

    [HttpGet("filter")]
    public IActionResult Filter([FromQuery] string pattern)
    {
        // techlead-expect: csharp-regex-from-request
        var re = new Regex(pattern, RegexOptions.IgnoreCase);
        // techlead-safe
        var literal = new Regex(Regex.Escape(pattern), RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
        return Ok(_orders.Customers().Where(c => re.IsMatch(c) || literal.IsMatch(c)));
    }

    [HttpPost("import")]
    public async Task<IActionResult> Import([FromForm] string url)
    {
        var client = _http.CreateClient();
        // techlead-expect: csharp-ssrf-request
        var body = await client.GetStringAsync(url);
        return Ok(body.Length);
    }

    [HttpPost("import-safe")]
    public async Task<IActionResult> ImportSafe([FromForm] string feed)
    {
        var client = _http.CreateClient();
        // techlead-safe
        var body = await client.GetStringAsync("https://feeds.example.com/" + Uri.EscapeDataString(feed) + ".json");
        return Ok(body.Length);
    }

    [HttpGet("back")]
    public IActionResult Back([FromQuery] string returnUrl)
    {
        if (Url.IsLocalUrl(returnUrl))
        {
            // techlead-safe
            return LocalRedirect(returnUrl);
        }
        // techlead-expect: csharp-open-redirect
        return Redirect(returnUrl);
    }

    [HttpPost("export/{job}")]
    public IActionResult Export([FromRoute] string job)
    {
        // techlead-expect: csharp-type-from-request
        var exporter = Activator.CreateInstance(Type.GetType("Shop.Api.Export." + job)!);
        // techlead-safe
        var fallback = Type.GetType("Shop.Api.Export.CsvExporter");
        return Ok(exporter ?? fallback);
    }

    [HttpPut("{id}")]
    public async Task<IActionResult> Update(int id)
    {
        var order = await _orders.Find(id);
        // techlead-expect: csharp-mass-assignment-update-model
        if (await TryUpdateModelAsync(order))
        {
            await _orders.Save();
        }
        // techlead-safe
        await TryUpdateModelAsync(order, "", o => o.Notes, o => o.DeliveryDate);
        return NoContent();
    }
}

[ApiController]
[Route("admin/orders")]
public class AdminOrdersController : ControllerBase
{
    [HttpGet("report")]
    public IActionResult Report([FromQuery] string xml, [FromQuery] string sku)
    {
        var doc = new System.Xml.XmlDocument();
        doc.LoadXml(System.IO.File.ReadAllText("/srv/shop/catalogue.xml"));
        // techlead-expect: csharp-xpath-injection
        var nodes = doc.SelectNodes($"//product[@sku='{sku}']");
        // techlead-safe
        var all = doc.SelectNodes("//product");
        return Ok(new { matches = nodes?.Count, total = all?.Count });
    }

    [HttpGet("split")]
    public IActionResult Split([FromQuery] string separator, [FromQuery] string text)
    {
        // techlead-expect: csharp-regex-from-request
        return Ok(Regex.Split(text, separator));
    }

    [HttpGet("plugin")]
    public IActionResult Plugin()
    {
        // techlead-expect: csharp-type-from-request
        var asm = System.Reflection.Assembly.LoadFrom(Path.Combine("/srv/plugins", Request.Query["name"]));
        return Ok(asm.FullName);
    }

    [HttpGet("banner")]
    public IActionResult Banner()
    {
        // techlead-expect: csharp-html-from-request
        var html = new Microsoft.AspNetCore.Html.HtmlString("<div class='banner'>" + Request.Query["text"] + "</div>");
        return Ok(html.ToString());
    }
}
