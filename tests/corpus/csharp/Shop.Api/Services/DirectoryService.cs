using System.Collections.Generic;
using System.DirectoryServices;
using System.Text;

namespace Shop.Api.Services;

/// Staff lookups in Active Directory for the back office.
public class DirectoryService
{
    private const string Root = "LDAP://dc.example.com/OU=Staff,DC=example,DC=com";

    private static DirectoryEntry Connect(bool anonymous)
    {
        if (anonymous)
        {
            // techlead-expect: csharp-ldap-anonymous-bind
            return new DirectoryEntry(Root, null, null, AuthenticationTypes.Anonymous);
        }
        // techlead-safe
        return new DirectoryEntry(Root, null, null, AuthenticationTypes.Secure | AuthenticationTypes.Sealing);
    }

    public SearchResult? FindUser(string login)
    {
        using var searcher = new DirectorySearcher(Connect(false));
        // techlead-expect: csharp-ldap-injection
        searcher.Filter = $"(&(objectClass=user)(sAMAccountName={login}))";
        return searcher.FindOne();
    }

    public SearchResult? FindUserSafe(string login)
    {
        using var searcher = new DirectorySearcher(Connect(false));
        // techlead-safe
        searcher.Filter = $"(&(objectClass=user)(sAMAccountName={LdapEscape(login)}))";
        return searcher.FindOne();
    }

    public SearchResultCollection ByMail(string mail)
    {
        // techlead-expect: csharp-ldap-injection
        using var searcher = new DirectorySearcher(Connect(false), "(mail=" + mail + ")");
        return searcher.FindAll();
    }

    public SearchResultCollection Groups()
    {
        // techlead-safe
        using var searcher = new DirectorySearcher(Connect(false), "(objectClass=group)");
        return searcher.FindAll();
    }

    private static string LdapEscape(string value)
    {
        var sb = new StringBuilder();
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '\\' => "\\5c",
                '*' => "\\2a",
                '(' => "\\28",
                ')' => "\\29",
                '\0' => "\\00",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
