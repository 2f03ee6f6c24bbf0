using Microsoft.EntityFrameworkCore;
using Storefront.Model;

namespace Storefront.Data;

/// <summary>The store's model, provider-neutral (the tests run it on SQLite); production uses <see cref="NpgsqlStoreDbContext"/>.</summary>
public class StoreDbContext : DbContext
{
    public StoreDbContext(DbContextOptions<StoreDbContext> options)
        : base(options)
    {
    }

    protected StoreDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Cart> Carts => Set<Cart>();

    public DbSet<CartItem> CartItems => Set<CartItem>();

    public DbSet<Coupon> Coupons => Set<Coupon>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(b =>
        {
            b.Property(c => c.Email).HasMaxLength(256).IsRequired();
            b.HasIndex(c => c.Email).IsUnique();
        });

        modelBuilder.Entity<Cart>(b =>
        {
            b.HasOne(c => c.Customer).WithMany(c => c.Carts).HasForeignKey(c => c.CustomerId);
            b.HasMany(c => c.Items).WithOne(i => i.Cart).HasForeignKey(i => i.CartId);
        });

        modelBuilder.Entity<CartItem>().Property(i => i.UnitPrice).HasPrecision(12, 2);

        modelBuilder.Entity<Coupon>(b =>
        {
            b.HasKey(c => c.Code);
            b.Property(c => c.Code).HasMaxLength(24);
            b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(12);
        });
    }
}
