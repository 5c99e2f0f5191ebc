using System;
using System.Data.SqlClient;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Web;
using System.Web.Mvc;

namespace Shop.Legacy.Controllers
{
    public class Comment
    {
        // techlead-expect: csharp-request-validation-disabled
        [AllowHtml]
        public string Body { get; set; }

        // techlead-safe
        [Required]
        public string Author { get; set; }
    }

    /// ASP.NET MVC 5 comments area of the old storefront.
    public class CommentsController : Controller
    {
        // techlead-expect: csharp-hardcoded-password
        private const string DbPassword = "St0refr0nt!2019";
        private readonly string _conn = System.Configuration.ConfigurationManager.ConnectionStrings["shop"].ConnectionString;

        private SqlConnection Reporting()
        {
            // techlead-expect: csharp-connection-string-password
            return new SqlConnection("Server=reports;Database=shop;User Id=reporter;Password=R3p0rts!;");
        }

        [HttpPost]
        // techlead-expect: csharp-request-validation-disabled
        [ValidateInput(false)]
        public ActionResult Save(Comment comment)
        {
            using (var conn = new SqlConnection(_conn))
            {
                conn.Open();
                // techlead-safe
                var cmd = new SqlCommand("INSERT INTO Comments (Author, Body) VALUES (@a, @b)", conn);
                cmd.Parameters.AddWithValue("@a", comment.Author);
                cmd.Parameters.AddWithValue("@b", comment.Body);
                cmd.ExecuteNonQuery();
            }
            return RedirectToAction("Index");
        }

        [HttpGet]
        public ActionResult Search()
        {
            var q = Request.QueryString["q"];
            using (var conn = new SqlConnection(_conn))
            {
                conn.Open();
                // techlead-expect: csharp-sql-string-concat
                var cmd = new SqlCommand("SELECT Body FROM Comments WHERE Body LIKE '%" + q + "%'", conn);
                ViewBag.Rows = cmd.ExecuteReader();
            }
            return View();
        }

        [HttpGet]
        public ActionResult Attachment()
        {
            // techlead-expect: csharp-path-traversal-request
            var bytes = System.IO.File.ReadAllBytes(Path.Combine(Server.MapPath("~/App_Data/attachments"), Request.QueryString["name"]));
            // techlead-safe
            var safe = System.IO.File.ReadAllBytes(Path.Combine(Server.MapPath("~/App_Data/attachments"), Path.GetFileName(Request.QueryString["name"])));
            return File(bytes.Length > 0 ? bytes : safe, "application/octet-stream");
        }

        [HttpGet]
        public ActionResult Preview()
        {
            // techlead-expect: csharp-ssrf-request
            var html = new WebClient().DownloadString(Request.QueryString["url"]);
            // techlead-safe
            var banner = new WebClient().DownloadString("https://cdn.example.com/banner.html");
            return Content(html + banner);
        }

        [HttpGet]
        public ActionResult Continue()
        {
            // techlead-expect: csharp-open-redirect
            return Redirect(Request.QueryString["next"]);
        }

        [HttpGet]
        public ActionResult Home()
        {
            // techlead-safe
            return Redirect("/storefront");
        }

        public string Checksum(byte[] data)
        {
            // techlead-expect: csharp-weak-hash
            using (var sha1 = SHA1.Create())
            {
                return Convert.ToBase64String(sha1.ComputeHash(data));
            }
        }

        public string ChecksumSafe(byte[] data)
        {
            // techlead-safe
            using (var sha = SHA512.Create())
            {
                return Convert.ToBase64String(sha.ComputeHash(data));
            }
        }

        public byte[] LegacyEncrypt(byte[] data, byte[] key)
        {
            // techlead-expect: csharp-weak-cipher
            using (var des = new TripleDESCryptoServiceProvider())
            {
                des.Key = key;
                // techlead-expect: csharp-static-iv
                des.IV = System.Text.Encoding.ASCII.GetBytes("12345678");
                return des.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
            }
        }

        public string Ticket()
        {
            // techlead-safe
            var rng = RandomNumberGenerator.Create();
            var b = new byte[16];
            rng.GetBytes(b);
            return Convert.ToBase64String(b);
        }
    }
}
