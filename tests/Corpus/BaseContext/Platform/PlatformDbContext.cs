using Microsoft.EntityFrameworkCore;
using Platform.Data.Entities;

namespace Platform.Data;

/// <summary>
/// Base of every product's context: users, tenants and settings are the same everywhere. A product derives its own
/// context (and owns its migrations), adding its tables.
/// </summary>
public abstract class PlatformDbContext<TUser> : DbContext
    where TUser : PlatformUser
{
    protected PlatformDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<TUser> Users => Set<TUser>();

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<TenantSetting> Settings => Set<TenantSetting>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        modelBuilder.Entity<Tenant>(b =>
        {
            b.ToTable("tenants", "platform");
            b.Property(t => t.Name).HasMaxLength(100);
            b.Property(t => t.Slug).HasMaxLength(40);
            b.HasIndex(t => t.Slug).IsUnique();
        });

        modelBuilder.Entity<TUser>(b =>
        {
            b.ToTable("users", "platform");
            b.Property(u => u.Email).HasMaxLength(256);
            b.HasIndex(u => new { u.TenantId, u.Email }).IsUnique();
            b.HasOne(u => u.Tenant).WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<TenantSetting>(b =>
        {
            b.ToTable("tenant_settings", "platform");
            b.HasKey(s => new { s.TenantId, s.Name });
            b.Property(s => s.Value).HasColumnType("jsonb");
        });
    }
}
