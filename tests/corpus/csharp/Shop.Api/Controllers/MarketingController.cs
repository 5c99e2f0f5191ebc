using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using RazorLight;

namespace Shop.Api.Controllers;

/// Back-office tools for the marketing team: newsletter previews and
/// discount rules.
[ApiController]
[Authorize(Roles = "marketing")]
[Route("marketing")]
public class MarketingController : ControllerBase
{
    private static readonly Dictionary<string, Func<decimal, decimal>> Discounts = new()
    {
        ["none"] = total => total,
        ["ten-percent"] = total => total * 0.9m,
        ["five-off"] = total => Math.Max(0, total - 5m),
    };

    private readonly RazorLightEngine _razor;

    public MarketingController(RazorLightEngine razor)
    {
        _razor = razor;
    }

    [HttpPost("newsletter/preview")]
    public async Task<IActionResult> Preview([FromBody] NewsletterDraft draft)
    {
        var sample = new { FirstName = "Ada", Points = 120 };
        // techlead-expect: csharp-razor-template-injection-taint
        var html = await _razor.CompileRenderStringAsync("draft-" + draft.Id, draft.Template, sample);
        return Content(html, "text/html");
    }

    [HttpPost("newsletter/send-test")]
    public async Task<IActionResult> SendTest([FromBody] NewsletterDraft draft)
    {
        // techlead-safe
        var html = await _razor.CompileRenderAsync("Newsletter.cshtml", draft);
        return Ok(html.Length);
    }

    [HttpPost("discounts/try")]
    public async Task<IActionResult> TryRule([FromBody] DiscountRule rule)
    {
        var options = ScriptOptions.Default.WithImports("System");
        // techlead-expect: csharp-script-code-injection-taint
        var discounted = await CSharpScript.EvaluateAsync<decimal>(rule.Expression, options, globals: new CartGlobals { Total = rule.SampleTotal });
        return Ok(discounted);
    }

    [HttpPost("discounts/apply")]
    public IActionResult Apply([FromBody] DiscountRule rule)
    {
        var apply = Discounts.TryGetValue(rule.Name, out var known) ? known : Discounts["none"];
        // techlead-safe
        return Ok(apply(rule.SampleTotal));
    }
}

public record NewsletterDraft(int Id, string Template);

public record DiscountRule(string Name, string Expression, decimal SampleTotal);

public class CartGlobals
{
    public decimal Total { get; set; }
}
