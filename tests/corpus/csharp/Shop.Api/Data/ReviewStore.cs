using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Shop.Api.Data;

public class Review
{
    public ObjectId Id { get; set; }
    public string Sku { get; set; } = "";
    public string Author { get; set; } = "";
    public int Stars { get; set; }
    public string Text { get; set; } = "";
}

/// Product reviews live in MongoDB; the storefront lists and filters them.
[ApiController]
[Route("reviews")]
public class ReviewsController : ControllerBase
{
    private readonly IMongoCollection<Review> _reviews;
    private readonly IMongoCollection<BsonDocument> _raw;

    public ReviewsController(IMongoDatabase db)
    {
        _reviews = db.GetCollection<Review>("reviews");
        _raw = db.GetCollection<BsonDocument>("reviews");
    }

    [HttpGet("by-author")]
    public async Task<List<Review>> ByAuthor([FromQuery] string author)
    {
        // techlead-expect: csharp-mongodb-injection-taint
        return await _reviews.Find("{ Author: '" + author + "' }").Limit(50).ToListAsync();
    }

    [HttpGet("by-sku")]
    public async Task<List<Review>> BySku([FromQuery] string sku, [FromQuery] int minStars = 1)
    {
        var filter = Builders<Review>.Filter.Eq(r => r.Sku, sku) & Builders<Review>.Filter.Gte(r => r.Stars, minStars);
        // techlead-safe
        return await _reviews.Find(filter).Limit(50).ToListAsync();
    }

    [HttpPost("search")]
    public async Task<List<BsonDocument>> Search([FromBody] ReviewQuery query)
    {
        // techlead-expect: csharp-mongodb-injection-taint
        var filter = BsonDocument.Parse(query.Filter);
        return await _raw.Find(new BsonDocument("Sku", query.Sku)).Limit(50).ToListAsync();
    }

    [HttpGet("count")]
    public async Task<long> Count([FromQuery] string sku)
    {
        // techlead-safe
        return await _raw.CountDocumentsAsync(new BsonDocument { { "Sku", sku }, { "Stars", new BsonDocument("$gte", 4) } });
    }
}

public record ReviewQuery(string Sku, string Filter);
