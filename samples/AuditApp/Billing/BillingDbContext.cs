using Microsoft.EntityFrameworkCore;

namespace AuditApp.Billing;

// A context with migrations (Migrations/Billing), its own schema and its own history table: billing."__EFMigrationsHistory".
public class BillingDbContext : DbContext
{
    public DbSet<Invoice> Invoices => Set<Invoice>();

    protected override void OnConfiguring(DbContextOptionsBuilder options)
        => options
            .UseNpgsql("Host=localhost;Database=audit_app", npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", "billing"))
            .UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema("billing");
}
