using Microsoft.EntityFrameworkCore;

namespace SharedTable.Data;

public class BillingContext(DbContextOptions<BillingContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    /// <summary>Added later for the dashboard: the same rows, fewer columns.</summary>
    public DbSet<InvoiceListRow> InvoiceList => Set<InvoiceListRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(b =>
        {
            b.ToTable("customers");
            b.Property(c => c.Id).HasColumnName("id");
            b.Property(c => c.Name).HasColumnName("name");
        });

        modelBuilder.Entity<Invoice>(b =>
        {
            b.ToTable("invoices");
            b.Property(i => i.Id).HasColumnName("id");
            b.Property(i => i.Number).HasColumnName("number").HasMaxLength(20);
            b.Property(i => i.CustomerId).HasColumnName("customer_id");
            b.Property(i => i.Total).HasColumnName("total").HasPrecision(12, 2);
            b.Property(i => i.IssuedOn).HasColumnName("issued_on");
            b.Property(i => i.PaidAt).HasColumnName("paid_at");
            b.HasOne(i => i.Customer).WithMany().HasForeignKey(i => i.CustomerId);
        });

        modelBuilder.Entity<InvoiceListRow>(b =>
        {
            b.ToTable("invoices");
            b.Property(r => r.Id).HasColumnName("id");
            b.Property(r => r.Number).HasColumnName("number");
            b.Property(r => r.Total).HasColumnName("total");
            b.Property(r => r.PaidAt).HasColumnName("paid_at");
        });
    }
}

public class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

public class Invoice
{
    public int Id { get; set; }
    public string Number { get; set; } = "";
    public int CustomerId { get; set; }
    public Customer Customer { get; set; } = null!;
    public decimal Total { get; set; }
    public DateOnly IssuedOn { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
}

public class InvoiceListRow
{
    public int Id { get; set; }
    public string Number { get; set; } = "";
    public decimal Total { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
}
