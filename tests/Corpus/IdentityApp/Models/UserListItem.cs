namespace IdentityApp.Models;

/// <summary>A query-only projection of AspNetUsers for listings: nothing is ever saved through it.</summary>
public class UserListItem
{
    private UserListItem()
    {
    }

    public string Id { get; private set; } = null!;

    public string? UserName { get; private set; }

    public string? Email { get; private set; }

    public bool EmailConfirmed { get; private set; }

    public string? DisplayName { get; private set; }
}
