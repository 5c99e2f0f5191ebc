using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shop.Api.Services;

/// Renders the nightly PDF reports with wkhtmltopdf and uploads them.
public class ReportWorker : BackgroundService
{
    private readonly ILogger<ReportWorker> _log;
    private readonly string _outDir = "/srv/shop/reports";

    public ReportWorker(ILogger<ReportWorker> log)
    {
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Render("daily", "https://internal.example.com/reports/daily");
            await Task.Delay(TimeSpan.FromHours(24), stoppingToken);
        }
    }

    public void Render(string name, string url)
    {
        var output = Path.Combine(_outDir, name + ".pdf");
        // techlead-expect: csharp-process-start-injection
        Process.Start("wkhtmltopdf", url + " " + output);
        var psi = new ProcessStartInfo("wkhtmltopdf") { UseShellExecute = false };
        // techlead-safe
        psi.ArgumentList.Add(url);
        psi.ArgumentList.Add(output);
        using var p = Process.Start(psi);
        p?.WaitForExit();
    }

    public void Archive(string name)
    {
        var psi = new ProcessStartInfo
        {
            FileName = "/bin/sh",
            // techlead-expect: csharp-process-start-injection
            Arguments = $"-c \"tar czf /backups/{name}.tgz {_outDir}\"",
        };
        Process.Start(psi);
    }

    public void Version()
    {
        // techlead-safe
        using var p = Process.Start(new ProcessStartInfo("wkhtmltopdf", "--version") { RedirectStandardOutput = true });
        _log.LogInformation("renderer {Version}", p?.StandardOutput.ReadToEnd());
    }
}
