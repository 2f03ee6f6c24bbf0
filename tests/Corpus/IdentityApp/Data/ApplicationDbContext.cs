using IdentityApp.Models;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace IdentityApp.Data;

public class ApplicationDbContext : IdentityDbContext<ApplicationUser>
{
    public ApplicationDbContext(DbContextOptions<ApplicationDbContext> options)
        : base(options)
    {
    }

    public DbSet<UserProfile> Profiles { get; set; } = null!;

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Membership> Memberships => Set<Membership>();

    /// <summary>Read-only list of users for the admin pages; never written through this set.</summary>
    public DbSet<UserListItem> UserList => Set<UserListItem>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Customize the ASP.NET Identity model and override the defaults if needed.
        // For example, you can rename the ASP.NET Identity table names and more.
        // Add your customizations after calling base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(b =>
        {
            b.Property(u => u.DisplayName).HasMaxLength(100);
        });

        builder.Entity<Organization>(b =>
        {
            b.Property(o => o.Plan).HasConversion<string>().HasMaxLength(20);
            b.HasIndex(o => o.Slug).IsUnique();
        });

        builder.Entity<Membership>()
            .HasIndex(m => new { m.OrganizationId, m.UserId })
            .IsUnique();

        builder.Entity<UserListItem>(b =>
        {
            b.ToView("AspNetUsers");
            b.HasKey(u => u.Id);
        });
    }
}
