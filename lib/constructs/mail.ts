import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity as SesIdentity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailProps {
  /** The verified sender address (a stack parameter). */
  readonly senderEmail: string;
  /** The account's SES send rate (mails per second); the mail workers keep to it together. */
  readonly sendRatePerSecond?: number;
}

/** What SES reports about each mail; the mail-events handler records them in the mail history. */
export const MAIL_EVENTS = [EmailSendingEvent.SEND, EmailSendingEvent.DELIVERY, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT];

/** SES v2: the sender identity and the configuration set every kagi mail is sent through. */
export class Mail extends Construct {
  readonly senderEmail: string;
  readonly sendRatePerSecond: number;
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.senderEmail = props.senderEmail;
    // SES's default production quota; raise it here after AWS raises the account's.
    this.sendRatePerSecond = props.sendRatePerSecond ?? 14;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      // Mails carry sign-in links and credentials: never hand them over in clear text.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new EmailIdentity(this, 'Sender', {
      identity: SesIdentity.email(props.senderEmail),
      configurationSet: this.configurationSet,
    });
  }

  /**
   * Delivery, bounce and complaint events of every kagi mail go to the default event bus; a rule
   * sends those of this configuration set to `handler`.
   */
  deliverEventsTo(handler: IFunction): Rule {
    const bus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('ToEventBridge', { destination: EventDestination.eventBus(bus), events: MAIL_EVENTS });
    return new Rule(this, 'DeliveryEvents', {
      description: 'kagi: SES events of the kagi configuration set to the mail-events handler',
      eventPattern: { source: ['aws.ses'], detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } } },
      targets: [new LambdaFunction(handler, { retryAttempts: 8 })],
    });
  }

  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendBulkEmail'],
        resources: [this.identity.emailIdentityArn, this.configurationSetArn],
      }),
    );
  }
}
