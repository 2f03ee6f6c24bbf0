using AuditApp.Models;
using Microsoft.EntityFrameworkCore;

namespace AuditApp;

// A second model registry, as in the audit: it claims the "user" table the main context already maps.
public class ReportingDbContext : DbContext
{
    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnConfiguring(DbContextOptionsBuilder options)
        => options.UseNpgsql("Host=localhost;Database=audit_app").UseSnakeCaseNamingConvention();
}
