using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Shop.Api.Models;

/// The storefront sign-up form, validated by MVC model binding.
public class SignupForm
{
    [Required]
    [StringLength(80)]
    // techlead-expect: csharp-regex-catastrophic-backtracking
    [RegularExpression(@"^([A-Za-z]+\s?)*$", ErrorMessage = "Letters and spaces only")]
    public string FullName { get; set; } = "";

    [Required]
    [StringLength(40)]
    // techlead-safe
    [RegularExpression(@"^[A-Za-z0-9_]+(-[A-Za-z0-9_]+)*$", ErrorMessage = "Letters, digits, dashes")]
    public string Nickname { get; set; } = "";

    [Required]
    [EmailAddress]
    public string Email { get; set; } = "";
}

public static partial class Slugs
{
    // techlead-safe
    private static readonly Regex Slug = new(@"^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant, System.TimeSpan.FromMilliseconds(50));

    public static bool IsValid(string slug) => Slug.IsMatch(slug);

    // techlead-expect: csharp-regex-catastrophic-backtracking
    public static bool LooksLikeTagList(string text) => Regex.IsMatch(text, @"^(\w+,?)+$");
}
