using System.Threading.Tasks;
using System.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Shop.Api.Controllers;

public class LoginForm
{
    public string User { get; set; } = "";
    public string Password { get; set; } = "";
}

[Route("account")]
public class AccountController : Controller
{
    [HttpPost("login")]
    // techlead-expect: csharp-antiforgery-disabled
    [IgnoreAntiforgeryToken]
    public IActionResult Login([FromForm] LoginForm form, [FromQuery] string returnUrl)
    {
        // techlead-expect: csharp-cookie-insecure-flags
        Response.Cookies.Append("sid", Guid.NewGuid().ToString(), new CookieOptions { HttpOnly = false, Secure = true });
        // techlead-safe
        Response.Cookies.Append("lang", "en", new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax });
        // techlead-expect: csharp-cookie-samesite-none
        Response.Cookies.Append("embed", "1", new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.None });
        // techlead-safe
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    [HttpPost("profile")]
    [ValidateAntiForgeryToken]
    public IActionResult Profile([FromForm] string displayName)
    {
        // techlead-safe
        return Content("Saved " + HttpUtility.HtmlEncode(displayName), "text/html");
    }

    [HttpGet("hello")]
    public async Task Hello()
    {
        // techlead-expect: csharp-html-from-request
        await Response.WriteAsync("<p>Hello " + Request.Query["name"] + "</p>");
    }

    [HttpGet("legacy")]
    public IActionResult Legacy()
    {
        var cookie = new HttpCookie("legacy", "1");
        // techlead-expect: csharp-cookie-insecure-flags
        cookie.Secure = false;
        return Ok();
    }
}
