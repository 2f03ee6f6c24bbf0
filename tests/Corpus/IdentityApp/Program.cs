using IdentityApp.Data;
using IdentityApp.Models;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);

// Add services to the container.
var connectionString = builder.Configuration.GetConnectionString("DefaultConnection")
    ?? throw new InvalidOperationException("Connection string 'DefaultConnection' not found.");
builder.Services.AddDbContext<ApplicationDbContext>(options =>
    options.UseNpgsql(connectionString));

builder.Services.AddIdentityCore<ApplicationUser>(options => options.SignIn.RequireConfirmedAccount = true)
    .AddRoles<IdentityRole>()
    .AddEntityFrameworkStores<ApplicationDbContext>();

var app = builder.Build();

app.MapGet("/users", async (ApplicationDbContext db) =>
    await db.UserList.OrderBy(u => u.UserName).Take(50).ToListAsync());

app.MapGet("/organizations/{slug}", async (string slug, ApplicationDbContext db) =>
    await db.Organizations.Include(o => o.Memberships).SingleOrDefaultAsync(o => o.Slug == slug));

app.Run();
