using System;
using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Shop.Gateway;

// The gateway: public storefront API, live order updates over SignalR, and
// gRPC calls to the warehouse service. Runs behind the company load
// balancer.
var builder = WebApplication.CreateBuilder(args);

// techlead-safe
const string ReportingDb = "Server=tcp:reporting.db.internal,1433;Database=Reporting;Authentication=Active Directory Managed Identity;Encrypt=True;";
// techlead-expect: csharp-db-connection-tls-disabled
const string LegacyOrdersDb = "Server=sql01.corp.internal;Database=Orders;Integrated Security=SSPI;Encrypt=True;TrustServerCertificate=True;";

builder.Services.AddDbContext<GatewayDb>(options =>
{
    options.UseSqlServer(builder.Configuration.GetConnectionString("Gateway"));
    if (builder.Environment.IsDevelopment())
    {
        // techlead-safe
        options.EnableSensitiveDataLogging();
    }
});

builder.Services.AddDbContext<LegacyOrdersDb>(options =>
    // techlead-expect: csharp-ef-sensitive-data-logging
    options.UseSqlServer(LegacyOrdersDb).EnableSensitiveDataLogging());

builder.Services.AddDbContext<ReportingDbContext>(options => options.UseSqlServer(ReportingDb));

builder.Services.AddSignalR(hub =>
{
    // techlead-expect: csharp-detailed-errors-enabled
    hub.EnableDetailedErrors = true;
    hub.MaximumReceiveMessageSize = 32 * 1024;
});

builder.Services.AddGrpc(grpc =>
{
    // techlead-safe
    grpc.EnableDetailedErrors = builder.Environment.IsDevelopment();
});

builder.Services.Configure<ForwardedHeadersOptions>(options =>
{
    options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    // techlead-safe
    options.KnownProxies.Add(IPAddress.Parse("10.20.0.5"));
    options.ForwardLimit = 1;
});

builder.Services.AddSingleton(_ =>
    // techlead-safe
    GrpcChannel.ForAddress("https://warehouse.internal:5001"));

builder.Services.AddKeyedSingleton("audit", (_, _) =>
    // techlead-expect: csharp-grpc-insecure-channel
    GrpcChannel.ForAddress("http://audit.internal:5000"));

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler("/error");
app.UseHsts();

// techlead-safe
app.UseStaticFiles();

// techlead-expect: csharp-directory-browsing-enabled
app.UseDirectoryBrowser(new DirectoryBrowserOptions
{
    FileProvider = new PhysicalFileProvider(System.IO.Path.Combine(app.Environment.ContentRootPath, "exports")),
    RequestPath = "/exports",
});

app.MapHub<OrderHub>("/hubs/orders");
app.MapControllers();
app.Run();

namespace Shop.Gateway
{
    public static class PartnerProxySetup
    {
        public static void TrustPartnerProxy(ForwardedHeadersOptions options)
        {
            options.ForwardedHeaders = ForwardedHeaders.All;
            // techlead-expect: csharp-forwarded-headers-trust-all
            options.KnownNetworks.Clear();
            // techlead-expect: csharp-forwarded-headers-trust-all
            options.KnownProxies.Clear();
        }
    }
}
