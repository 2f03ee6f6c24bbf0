namespace IdentityApp.Models;

public enum MembershipRole
{
    Member = 0,
    Admin = 1,
    Owner = 2,
}

public class Membership
{
    public int Id { get; set; }

    public int OrganizationId { get; set; }

    public Organization Organization { get; set; } = null!;

    public string UserId { get; set; } = null!;

    public ApplicationUser User { get; set; } = null!;

    public MembershipRole Role { get; set; }

    public DateTime JoinedAt { get; set; }
}
