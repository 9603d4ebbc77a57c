namespace TarsDashboard.Tests.Templates;

/// <summary>Template texts shaped like the ones TarsFramework ships, for merge tests.</summary>
internal static class FrameworkTemplates
{
    public const string TarsNode = """
        <tars>
          <application>
            enableset=n
            setdivision=NULL
            <server>
              app=tars
              server=tarsnode
              # the node logs more than a business service
              logsize=15M
              logLevel=INFO
              deactivating-timeout=3000
            </server>
            <client>
              sync-invoke-timeout=6000
              modulename=tars.tarsnode
            </client>
          </application>
          <node>
            registryObj=tars.tarsregistry.RegistryObj
            <keepalive>
              heartTimeout=60
              monitorInterval=2
            </keepalive>
            <container>
              socket=/var/run/docker.sock
            </container>
          </node>
        </tars>
        """;
}
