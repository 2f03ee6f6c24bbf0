using CleanArch.Domain.Products;
using CleanArch.Persistence;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDbContext<ApplicationDbContext>(options =>
    options.UseNpgsql(builder.Configuration.GetConnectionString("Database"))
        .UseSnakeCaseNamingConvention());

var app = builder.Build();

app.MapGet("/products", async (ApplicationDbContext db, CancellationToken ct) =>
    await db.Products.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct));

app.MapGet("/products/{id:guid}", async (Guid id, ApplicationDbContext db, CancellationToken ct) =>
    await db.Products.FindAsync([id], ct) is Product product ? Results.Ok(product) : Results.NotFound());

app.Run();
