using System.Net;
using System.Security.Authentication;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using Shop.Api.Data;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllersWithViews(options =>
{
    // techlead-expect: csharp-antiforgery-disabled
    options.Filters.Add(new IgnoreAntiforgeryTokenAttribute());
});

builder.Services.AddCors(options =>
{
    // techlead-expect: csharp-cors-any-origin-credentials
    options.AddPolicy("spa", policy => policy.SetIsOriginAllowed(_ => true).AllowAnyHeader().AllowCredentials());
    // techlead-safe
    options.AddPolicy("partner", policy => policy.WithOrigins("https://partner.example.com").AllowCredentials());
    // techlead-safe
    options.AddPolicy("public", policy => policy.AllowAnyOrigin().AllowAnyMethod());
});

builder.Services.ConfigureApplicationCookie(options =>
{
    // techlead-expect: csharp-cookie-insecure-flags
    options.Cookie.SecurePolicy = CookieSecurePolicy.None;
    // techlead-safe
    options.Cookie.HttpOnly = true;
});

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
{
    options.TokenValidationParameters = new TokenValidationParameters
    {
        ValidIssuer = "shop",
        ValidAudience = "shop-api",
        // techlead-expect: csharp-jwt-hardcoded-key
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("shop-api-signing-key-2024!!")),
        // techlead-expect: csharp-jwt-validation-disabled
        ValidateLifetime = false,
    };
});

builder.Services.AddSingleton(sp =>
{
    // techlead-safe
    var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"]!));
    return key;
});

// techlead-expect: csharp-tls-old-protocol
ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls12;

builder.Services.AddHttpClient("payments").ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
{
    // techlead-safe
    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
});

builder.Services.AddHttpClient("legacy").ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
{
    // techlead-expect: csharp-certificate-validation-disabled
    ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => true,
});

builder.Services.Configure<IdentityOptions>(options =>
{
    // techlead-expect: csharp-identity-weak-password-policy
    options.Password.RequiredLength = 6;
    // techlead-safe
    options.Lockout.MaxFailedAccessAttempts = 5;
});

builder.Services.AddAuthentication().AddJwtBearer("partners", options =>
{
    options.Authority = builder.Configuration["Partners:Authority"];
    // techlead-expect: csharp-require-https-metadata-disabled
    options.RequireHttpsMetadata = false;
});

builder.Services.AddScoped<OrderRepository>();

var app = builder.Build();

// techlead-expect: csharp-developer-exception-page
app.UseDeveloperExceptionPage();

if (app.Environment.IsDevelopment())
{
    // techlead-safe
    app.UseDeveloperExceptionPage();
}
else
{
    app.UseExceptionHandler("/error");
    app.UseHsts();
}

app.UseCors("spa");
app.UseAuthentication();
app.UseAuthorization();
app.MapControllers();
app.Run();
