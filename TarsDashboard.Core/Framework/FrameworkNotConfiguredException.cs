namespace TarsDashboard.Core.Framework;

/// <summary>Something needs the Tars framework, but no usable registry locator is known (<c>Framework:Locator</c>).</summary>
public sealed class FrameworkNotConfiguredException(string message) : InvalidOperationException(message);
