using System.Collections.Generic;
using System.Data;
using System.Linq;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace Shop.Api.Data;

public class Order
{
    public int Id { get; set; }
    public string Customer { get; set; } = "";
    public string Status { get; set; } = "";
    public string Notes { get; set; } = "";
    public DateTime DeliveryDate { get; set; }
    public decimal Total { get; set; }
}

public class ShopContext : DbContext
{
    public DbSet<Order> Orders => Set<Order>();
}

public class OrderRepository
{
    private readonly ShopContext _db;
    private readonly string _connectionString;

    public OrderRepository(ShopContext db, IConfiguration config)
    {
        _db = db;
        _connectionString = config.GetConnectionString("Shop")!;
    }

    public Task<Order?> Find(int id) => _db.Orders.FindAsync(id).AsTask();

    public Task Save() => _db.SaveChangesAsync();

    public IEnumerable<string> Customers() => _db.Orders.Select(o => o.Customer).Distinct();

    public List<Order> ByStatus(string status)
    {
        // techlead-expect: csharp-sql-string-concat
        return _db.Orders.FromSqlRaw($"SELECT * FROM Orders WHERE Status = '{status}'").ToList();
    }

    public List<Order> ByStatusSafe(string status)
    {
        // techlead-safe
        return _db.Orders.FromSqlInterpolated($"SELECT * FROM Orders WHERE Status = {status}").ToList();
    }

    public List<Order> ByStatusSafe2(string status)
    {
        // techlead-safe
        return _db.Orders.FromSqlRaw("SELECT * FROM Orders WHERE Status = {0}", status).ToList();
    }

    public int Cancel(string customer)
    {
        // techlead-expect: csharp-sql-string-concat
        return _db.Database.ExecuteSqlRaw("UPDATE Orders SET Status = 'cancelled' WHERE Customer = '" + customer + "'");
    }

    public decimal Total(string customer)
    {
        using var conn = new SqlConnection(_connectionString);
        conn.Open();
        // techlead-expect: csharp-sql-string-concat
        using var cmd = new SqlCommand("SELECT SUM(Total) FROM Orders WHERE Customer = '" + customer + "'", conn);
        return (decimal)cmd.ExecuteScalar();
    }

    public decimal TotalSafe(string customer)
    {
        using var conn = new SqlConnection(_connectionString);
        conn.Open();
        // techlead-safe
        using var cmd = new SqlCommand("SELECT SUM(Total) FROM Orders WHERE Customer = @customer", conn);
        cmd.Parameters.Add("@customer", SqlDbType.NVarChar, 100).Value = customer;
        return (decimal)cmd.ExecuteScalar();
    }

    public IEnumerable<Order> Recent(string region, int days)
    {
        using var conn = new SqlConnection(_connectionString);
        // techlead-expect: csharp-sql-string-concat
        return conn.Query<Order>(string.Format("SELECT * FROM Orders WHERE Region = '{0}' AND Created > DATEADD(day, -{1}, GETDATE())", region, days));
    }

    public IEnumerable<Order> RecentSafe(string region, int days)
    {
        using var conn = new SqlConnection(_connectionString);
        // techlead-safe
        return conn.Query<Order>("SELECT * FROM Orders WHERE Region = @region AND Created > DATEADD(day, -@days, GETDATE())", new { region, days });
    }

    public int Purge(string table)
    {
        using var conn = new SqlConnection(_connectionString);
        var sql = "DELETE FROM " + table + " WHERE Created < DATEADD(year, -7, GETDATE())";
        using var cmd = conn.CreateCommand();
        // techlead-known-miss: csharp-sql-string-concat the SQL is concatenated into a variable first; needs taint
        cmd.CommandText = sql;
        return cmd.ExecuteNonQuery();
    }

    public string Describe(Order o)
    {
        // techlead-safe
        return "Order " + o.Id + " where customer is " + o.Customer;
    }
}
