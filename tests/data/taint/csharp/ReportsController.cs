using System;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.SqlClient;

// Helpers written as expression-bodied members, local functions and lambdas:
// their `=> e` is what they return.
public class ReportsController : Controller
{
    private readonly SqlConnection conn;

    public ReportsController(SqlConnection conn) => this.conn = conn;

    private static string Quote(string s) => "'" + s + "'";

    private static string Digits(string s) => int.Parse(s).ToString();

    private static string Column(string key) => key == "date" ? "CreatedAt" : "Id";

    private void Run(string sql) => new SqlCommand(sql, conn).ExecuteReader();

    public IActionResult Index([FromQuery] string name, [FromQuery] string page, [FromQuery] string sort)
    {
        // expect: through an expression-bodied helper that returns its parameter
        var byName = new SqlCommand("SELECT * FROM Reports WHERE Name = " + Quote(name), conn);
        // safe: an expression-bodied helper that parses a number
        var paged = new SqlCommand("SELECT * FROM Reports OFFSET " + Digits(page) + " ROWS", conn);
        // safe: the request only picks one of two constant columns
        var sorted = new SqlCommand("SELECT * FROM Reports ORDER BY " + Column(sort), conn);
        string Wrap(string v) => "(" + v + ")";
        string Everything(string v) => "(SELECT Id FROM Reports)";
        // expect: through an expression-bodied local function
        var wrapped = new SqlCommand("SELECT * FROM Reports WHERE Id IN " + Wrap(name), conn);
        // safe: a local function whose value ignores its parameter
        var all = new SqlCommand("SELECT * FROM Reports WHERE Id IN " + Everything(name), conn);
        Func<string, string> like = v => "%" + v + "%";
        Func<string, int> number = v => int.Parse(v);
        // expect: through a lambda assigned to a variable
        var liked = new SqlCommand("SELECT * FROM Reports WHERE Name LIKE '" + like(name) + "'", conn);
        // safe: a lambda that parses a number
        var numbered = new SqlCommand("SELECT * FROM Reports WHERE Id = " + number(page), conn);
        var column = sort switch { "date" => "CreatedAt", "name" => "Name", _ => "Id" };
        // safe: a switch expression on the request that yields constants
        var switched = new SqlCommand("SELECT * FROM Reports ORDER BY " + column, conn);
        var picked = sort switch { "date" => "CreatedAt", string other => other };
        // expect: a pattern of the switch expression binds the request data
        var bound = new SqlCommand("SELECT * FROM Reports ORDER BY " + picked, conn);
        // expect: an expression-bodied helper whose parameter reaches a sink
        Run("SELECT * FROM Reports WHERE Name = '" + name + "'");
        return Ok();
    }
}
