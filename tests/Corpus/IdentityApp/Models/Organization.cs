namespace IdentityApp.Models;

public enum Plan
{
    Free,
    Team,
    Enterprise,
}

public class Organization
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string Slug { get; set; }

    public Plan Plan { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<Membership> Memberships { get; set; } = [];
}
