using Microsoft.EntityFrameworkCore;

namespace AuditApp.Outbox;

// A context with migrations (Migrations/Outbox) in EF Core's default history table, public."__EFMigrationsHistory".
public class OutboxDbContext : DbContext
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    protected override void OnConfiguring(DbContextOptionsBuilder options)
        => options.UseNpgsql("Host=localhost;Database=audit_app").UseSnakeCaseNamingConvention();
}
