using AuditApp.Models;
using Microsoft.EntityFrameworkCore;

namespace AuditApp;

public class AppDbContext : DbContext
{
    public DbSet<User> Users => Set<User>();

    public DbSet<ExpertProfile> ExpertProfiles => Set<ExpertProfile>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<Session> Sessions => Set<Session>();

    // The audit's "models without tables": registered here, never created by a migration.
    public DbSet<Review> Reviews => Set<Review>();

    protected override void OnConfiguring(DbContextOptionsBuilder options)
        => options
            .UseNpgsql("Host=localhost;Database=audit_app", npgsql => npgsql
                .MapEnum<UserRole>("user_role")
                .MapEnum<SubscriptionPlan>("subscription_plan"))
            .UseSnakeCaseNamingConvention();
}
