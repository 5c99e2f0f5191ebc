using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.SqlClient;

public class OrdersController : Controller
{
    private readonly SqlConnection conn;

    public OrdersController(SqlConnection conn) { this.conn = conn; }

    public IActionResult Index([FromQuery] string customer, [FromQuery] string page)
    {
        var sql = "SELECT * FROM Orders WHERE Customer = '" + customer + "'";
        // expect: a [FromQuery] parameter into the command text
        var cmd = new SqlCommand(sql, conn);
        // safe: a parameterized command
        var safe = new SqlCommand("SELECT * FROM Orders WHERE Customer = @c", conn);
        var n = int.Parse(page);
        // safe: int.Parse sanitizes
        var paged = new SqlCommand("SELECT * FROM Orders ORDER BY Id OFFSET " + n + " ROWS", conn);
        string state = "open";
        // safe: a constant
        var open = new SqlCommand($"SELECT * FROM Orders WHERE State = '{state}'", conn);
        string sort = Request.Query["sort"];
        // expect: an interpolated string from the query
        var sorted = new SqlCommand($"SELECT * FROM Orders ORDER BY {sort}", conn);
        return Ok();
    }
}
