using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Dynamic.Core;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Shop.Api.Data;

namespace Shop.Api.Controllers;

/// Product catalogue: grid sorting and filtering for the admin UI, with a
/// free-text search box for shoppers.
[ApiController]
[Route("catalog")]
public class CatalogController : ControllerBase
{
    private static readonly Dictionary<string, string> SortColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = "Name",
        ["price"] = "Price",
        ["added"] = "CreatedAt",
    };

    private readonly ShopDbContext _db;
    private readonly ILogger<CatalogController> _logger;

    public CatalogController(ShopDbContext db, ILogger<CatalogController> logger)
    {
        _db = db;
        _logger = logger;
    }

    [HttpGet("grid")]
    public async Task<IActionResult> Grid([FromQuery] string sort = "name", [FromQuery] string dir = "asc", [FromQuery] int page = 1)
    {
        var ordering = sort + (dir == "desc" ? " descending" : "");
        var products = _db.Products.AsNoTracking();
        // techlead-expect: csharp-dynamic-linq-injection-taint
        var rows = await products.OrderBy(ordering).Skip((page - 1) * 50).Take(50).ToListAsync();
        return Ok(rows);
    }

    [HttpGet("grid-v2")]
    public async Task<IActionResult> GridV2([FromQuery] string sort = "name", [FromQuery] bool descending = false)
    {
        var column = SortColumns.TryGetValue(sort, out var known) ? known : "Name";
        var query = _db.Products.AsNoTracking();
        // techlead-safe
        query = descending ? query.OrderBy(column + " descending") : query.OrderBy(column);
        return Ok(await query.Take(50).ToListAsync());
    }

    [HttpGet("filter")]
    public IActionResult Filter([FromQuery] string category, [FromQuery] decimal maxPrice)
    {
        // techlead-safe
        var rows = _db.Products.Where("Category == @0 && Price <= @1", category, maxPrice).Take(100).ToList();
        return Ok(rows);
    }

    [HttpGet("search")]
    public IActionResult Search([FromQuery] string term)
    {
        // techlead-expect: csharp-log-injection-taint
        _logger.LogInformation($"Catalog search for '{term}'");
        var rows = _db.Products.Where(p => p.Name.Contains(term)).Take(20).ToList();
        // techlead-safe
        _logger.LogInformation("Catalog search for {Term} returned {Count} rows", term, rows.Count);
        return Ok(rows);
    }

    [HttpPost("import-key")]
    public IActionResult RotateImportKey([FromBody] ImportKeyRequest request)
    {
        // techlead-expect: csharp-log-sensitive-data
        _logger.LogWarning("Supplier import key rotated to {ApiKey} by {User}", request.ApiKey, User.Identity?.Name);
        // techlead-safe
        _logger.LogWarning("Supplier import key rotated ({Length} chars) by {User}", request.ApiKey.Length, User.Identity?.Name);
        return NoContent();
    }
}

public record ImportKeyRequest(string Supplier, string ApiKey);
