using CleanArch.Domain.Common;

namespace CleanArch.Domain.Customers;

public sealed record Email(string Value);

public sealed record CustomerRegistered(Guid CustomerId, DateTime OccurredOnUtc) : IDomainEvent;

public sealed class Customer : Entity
{
    private Customer(Guid id, string name, Email email, DateTime createdOnUtc)
        : base(id)
    {
        Name = name;
        Email = email;
        CreatedOnUtc = createdOnUtc;
    }

    private Customer()
    {
    }

    public string Name { get; private set; } = null!;

    public Email Email { get; private set; } = null!;

    public string? PhoneNumber { get; private set; }

    public DateTime CreatedOnUtc { get; private set; }

    public static Customer Register(string name, Email email, DateTime utcNow)
    {
        var customer = new Customer(Guid.NewGuid(), name, email, utcNow);
        customer.Raise(new CustomerRegistered(customer.Id, utcNow));
        return customer;
    }

    public void ChangePhoneNumber(string? phoneNumber) => PhoneNumber = phoneNumber;
}
