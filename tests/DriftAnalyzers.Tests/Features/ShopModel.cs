namespace DriftAnalyzers.Tests.Features
{
    /// <summary>
    /// A model that uses every feature issue 19 checks: indexes ([Index], HasIndex with uniqueness, filter, method and
    /// included columns, EF Core's index on FK columns), defaults (HasDefaultValue, HasDefaultValueSql), delete
    /// behaviours (required, optional, SetNull, Restrict), check constraints, a stored computed column, sequences (one a
    /// default uses, one of type int in its own schema with an increment), HiLo, serial, identity (by default and always), an alternate key, an owned type in its owner's table (required) and
    /// one stored as jsonb (ToJson), and a TPH hierarchy whose derived type has its own unique index.
    /// </summary>
    internal static class ShopModel
    {
        public const string Path = "/Shop/Shop.cs";

        /// <summary>The model before its second migration: without <c>Customer.Loyalty</c> (added later as a NOT NULL column, which EF Core gives a zero default).</summary>
        public static string First => Source.Replace("        public int Loyalty { get; set; }\n", string.Empty, System.StringComparison.Ordinal);

        public const string Source = """
            using System;
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations;
            using Microsoft.EntityFrameworkCore;

            namespace Shop
            {
                [Index(nameof(Email), IsUnique = true)]
                public class Customer
                {
                    public int Id { get; set; }
                    [MaxLength(200)]
                    public string Email { get; set; } = "";
                    public string Name { get; set; } = "";
                    public string? Nickname { get; set; }
                    public DateTime CreatedAt { get; set; }
                    public string Status { get; set; } = "active";
                    public int Score { get; set; }
                    public int Loyalty { get; set; }
                    public Address Address { get; set; } = new();
                    public Preferences Preferences { get; set; } = new();
                    public List<Order> Orders { get; set; } = new();
                }

                public class Address
                {
                    public string Street { get; set; } = "";
                    public string City { get; set; } = "";
                }

                public class Preferences
                {
                    public bool Newsletter { get; set; }
                    public string? Language { get; set; }
                }

                public class Order
                {
                    public int Id { get; set; }
                    public int CustomerId { get; set; }
                    public Customer Customer { get; set; } = null!;
                    public long? CouponId { get; set; }
                    public Coupon? Coupon { get; set; }
                    public string Reference { get; set; } = "";
                    public int Quantity { get; set; }
                    public decimal UnitPrice { get; set; }
                    public decimal Total { get; set; }
                    public long Number { get; set; }
                    public DateTime PlacedAt { get; set; }
                }

                public class Coupon
                {
                    public long Id { get; set; }
                    public string Code { get; set; } = "";
                    public decimal Percent { get; set; }
                }

                public class Tag
                {
                    public Guid Id { get; set; }
                    public string Label { get; set; } = "";
                }

                public class Warehouse
                {
                    public int Id { get; set; }
                    public string Name { get; set; } = "";
                }

                public class Shipment
                {
                    public int Id { get; set; }
                    public int? OrderId { get; set; }
                    public Order? Order { get; set; }
                    public int WarehouseId { get; set; }
                    public Warehouse Warehouse { get; set; } = null!;
                }

                public class AuditEntry
                {
                    public long Id { get; set; }
                    public string Message { get; set; } = "";
                    public int Level { get; set; }
                }

                public abstract class Payment
                {
                    public int Id { get; set; }
                    public decimal Amount { get; set; }
                }

                public class CardPayment : Payment
                {
                    public string Token { get; set; } = "";
                }

                public class ShopContext : DbContext
                {
                    public static string ConnectionString = "Host=localhost;Database=shop";

                    public DbSet<Customer> Customers => Set<Customer>();
                    public DbSet<Order> Orders => Set<Order>();
                    public DbSet<Coupon> Coupons => Set<Coupon>();
                    public DbSet<Tag> Tags => Set<Tag>();
                    public DbSet<Warehouse> Warehouses => Set<Warehouse>();
                    public DbSet<Shipment> Shipments => Set<Shipment>();
                    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
                    public DbSet<Payment> Payments => Set<Payment>();
                    public DbSet<CardPayment> CardPayments => Set<CardPayment>();

                    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql(ConnectionString);

                    protected override void OnModelCreating(ModelBuilder modelBuilder)
                    {
                        modelBuilder.HasSequence<long>("order_numbers").StartsAt(1000);
                    modelBuilder.HasSequence<int>("invoice_numbers", "billing").StartsAt(100).IncrementsBy(5);

                        modelBuilder.Entity<Customer>(b =>
                        {
                            b.Property(c => c.CreatedAt).HasDefaultValueSql("now()");
                            b.Property(c => c.Status).HasDefaultValue("active");
                            b.Property(c => c.Score).HasDefaultValue(10);
                            b.HasIndex(c => new { c.Name, c.CreatedAt });
                            b.OwnsOne(c => c.Address);
                            b.Navigation(c => c.Address).IsRequired();
                            b.OwnsOne(c => c.Preferences, p => p.ToJson());
                        });

                        modelBuilder.Entity<Order>(b =>
                        {
                            b.ToTable(t =>
                            {
                                t.HasCheckConstraint("CK_Order_Quantity", "\"Quantity\" > 0");
                                t.HasCheckConstraint("CK_Order_Reference", "length(\"Reference\") > 3");
                            });
                            b.Property(o => o.UnitPrice).HasPrecision(10, 2);
                            b.Property(o => o.Total).HasPrecision(12, 2).HasComputedColumnSql("\"Quantity\" * \"UnitPrice\"", stored: true);
                            b.Property(o => o.Number).HasDefaultValueSql("nextval('order_numbers')");
                            b.HasIndex(o => o.Reference).IsUnique().HasFilter("\"Reference\" <> ''");
                            b.HasIndex(o => o.PlacedAt).IncludeProperties(o => o.Quantity);
                        });

                        modelBuilder.Entity<Coupon>(b =>
                        {
                            b.Property(c => c.Id).UseHiLo("coupon_hilo");
                            b.HasAlternateKey(c => c.Code);
                        });

                        modelBuilder.Entity<Tag>().HasIndex(t => t.Label).HasMethod("hash");
                        modelBuilder.Entity<Warehouse>().Property(w => w.Id).UseSerialColumn();
                        modelBuilder.Entity<Shipment>(b =>
                        {
                            b.HasOne(s => s.Order).WithMany().OnDelete(DeleteBehavior.SetNull);
                            b.HasOne(s => s.Warehouse).WithMany().OnDelete(DeleteBehavior.Restrict);
                        });

                        modelBuilder.Entity<AuditEntry>(b =>
                        {
                            b.Property(a => a.Id).UseIdentityAlwaysColumn();
                            b.ToTable(t => t.HasCheckConstraint("CK_AuditEntry_Level", "\"Level\" >= 0 AND \"Level\" <= 5"));
                        });

                        modelBuilder.Entity<CardPayment>().HasIndex(p => p.Token).IsUnique();
                    }
                }
            }
            """;
    }
}
