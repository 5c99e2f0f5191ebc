using System.Net;
using System.Net.Mail;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;

namespace Shop.Api.Services;

public class MailOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public string User { get; set; } = "";
    public string Secret { get; set; } = "";
}

/// Order confirmations go through the company relay; newsletters through
/// the bulk provider.
public class MailSender
{
    private readonly MailOptions _options;

    public MailSender(IOptions<MailOptions> options)
    {
        _options = options.Value;
    }

    public async Task SendConfirmationAsync(MailMessage message)
    {
        using var smtp = new SmtpClient(_options.Host, _options.Port)
        {
            Credentials = new NetworkCredential(_options.User, _options.Secret),
            // techlead-safe
            EnableSsl = true,
        };
        await smtp.SendMailAsync(message);
    }

    public async Task SendNewsletterAsync(MailMessage message)
    {
        using var smtp = new SmtpClient(_options.Host, 25);
        smtp.Credentials = new NetworkCredential(_options.User, _options.Secret);
        // techlead-expect: csharp-smtp-ssl-disabled
        smtp.EnableSsl = false;
        await smtp.SendMailAsync(message);
    }
}
