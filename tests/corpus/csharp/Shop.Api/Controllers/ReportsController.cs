using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.SqlClient;

namespace Shop.Api.Controllers;

/// Sales reports: SQL assembled in steps before it runs.
[ApiController]
[Route("reports")]
public class ReportsController : ControllerBase
{
    private readonly string _conn;

    public ReportsController(IConfiguration config)
    {
        _conn = config.GetConnectionString("Shop")!;
    }

    [HttpGet("region")]
    public IActionResult ByRegion([FromQuery] string region)
    {
        var sql = new StringBuilder("SELECT Customer, Total FROM Orders WHERE Region = '");
        sql.Append(region).Append('\'');
        using var conn = new SqlConnection(_conn);
        // techlead-expect: csharp-sql-injection-taint
        using var cmd = new SqlCommand(sql.ToString(), conn);
        return Ok(cmd.ExecuteScalar());
    }

    [HttpDelete("archive")]
    public IActionResult Archive()
    {
        string year = Request.Query["year"];
        var sql = $"DELETE FROM Orders WHERE YEAR(Created) = {year}";
        using var conn = new SqlConnection(_conn);
        using var cmd = conn.CreateCommand();
        // techlead-expect: csharp-sql-injection-taint
        cmd.CommandText = sql;
        return Ok(cmd.ExecuteNonQuery());
    }

    [HttpGet("top")]
    public IActionResult Top([FromQuery] string limit)
    {
        var n = int.Parse(limit);
        var sql = "SELECT TOP " + n + " Customer FROM Orders ORDER BY Total DESC";
        using var conn = new SqlConnection(_conn);
        // techlead-safe
        using var cmd = new SqlCommand(sql, conn);
        return Ok(cmd.ExecuteScalar());
    }

    [HttpGet("file")]
    public IActionResult File([FromQuery] string name)
    {
        var path = "/srv/reports/" + name + ".csv";
        // techlead-expect: csharp-path-traversal-taint
        var text = System.IO.File.ReadAllText(path);
        return Content(text, "text/csv");
    }

    [HttpGet("file-safe")]
    public IActionResult FileSafe([FromQuery] string name)
    {
        var path = "/srv/reports/" + Path.GetFileName(name);
        // techlead-safe
        var text = System.IO.File.ReadAllText(path);
        return Content(text, "text/csv");
    }

    [HttpGet("back")]
    public IActionResult Back([FromQuery] string returnUrl)
    {
        var target = "/reports/" + returnUrl;
        // techlead-expect: csharp-open-redirect-taint
        return Redirect(target);
    }
}
